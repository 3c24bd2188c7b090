<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head id="ctl00_Head1"><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta name="viewport" content="width=device-width, initial-scale=1" />
	<title>
	Năm 2024, công nhận 538 mô hình “Dân vận khéo”
</title>
	<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2bpHeX9U8DH09TB5zpJcsQ%3D%3DTAG0"/>
	<link rel="stylesheet" type="text/css" href="/Style%20Library/TanDan/css/tandan-portal.css"/>
	<script type="text/javascript" src="/_layouts/15/init.js?rev=ZIHzBfMSMW6PmnNVJbGpxA%3D%3DTAG0"></script>
	<script type="text/javascript" src="/Style%20Library/TanDan/js/jquery-1.11.1.min.js"></script>
	<link rel="canonical" href="https://travinh.dcs.test/portal/Pages/2024-12-12/Nam-2024-cong-nhan-538-mo-hinh-Dan-van-kheom2p8sj.aspx" />
</head>
<body>
<div id="imgPrefetch" style="display:none">
<img src="/_layouts/15/images/spcommon.png?rev=23" />
</div>
<form method="post" action="/portal/Pages/2024-12-12/Nam-2024-cong-nhan-538-mo-hinh-Dan-van-kheom2p8sj.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x5B1C6A1F0E2D4C3B8A7F6E5D4C3B2A1908F7E6D5C4B3A2918273645546372819,17 Jun 2025 01:30:00 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIFD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0LlNoYXJlUG9pbnQuV2ViQ29udHJvbHMuU1BDb250cm9sTW9kZQ==" />
</div>
<script type="text/javascript">
//<![CDATA[
var _spPageContextInfo = {webServerRelativeUrl: "\u002fportal", webAbsoluteUrl: "https:\u002f\u002ftravinh.dcs.test\u002fportal", siteAbsoluteUrl: "https:\u002f\u002ftravinh.dcs.test", serverRequestPath: "\u002fportal\u002fPages\u002f2024-12-12\u002fNam-2024-cong-nhan-538-mo-hinh-Dan-van-kheom2p8sj.aspx", layoutsUrl: "_layouts\u002f15", webTitle: "Cổng thông tin điện tử Đảng bộ tỉnh Trà Vinh", webTemplate: "53", tenantAppVersion: "0", isAppWeb: false, webLogoUrl: "\u002fportal\u002fPublishingImages\u002flogo.png", webLanguage: 1066, currentLanguage: 1066, currentUICultureName: "vi-VN", currentCultureName: "vi-VN", clientServerTimeDelta: new Date("2025-06-17T01:30:00.0000000Z") - new Date(), siteClientTag: "412$$16.0.0.0", crossDomainPhotosEnabled:false, webUIVersion:15, webPermMasks:{High:16,Low:196673}, pagePersonalizationScope:1, alertsEnabled:false, siteServerRelativeUrl: "\u002f", allowSilverlightPrompt:'True'};
//]]>
</script>
<div id="s4-workspace" class="ms-core-overlay">
<div id="s4-bodyContainer">
	<div id="ctl00_ucHeader_pnlHeader" class="tandan-header">
		<div class="tandan-top-bar">
			
			<span class="tandan-top-links"><a href="/portal/Pages/Lien-he.aspx">Liên hệ</a> | <a href="/portal/Pages/So-do-cong.aspx">Sơ đồ cổng</a> | <a id="ctl00_IdWelcome_ExplicitLogin" class="ms-signInLink" href="https://travinh.dcs.test/portal/_layouts/15/Authenticate.aspx?Source=%2Fportal" style="display:inline;">Sign In</a></span>
		</div>
		<div class="tandan-banner"><a href="/portal/Pages/default.aspx"><img src="/portal/PublishingImages/banner.png" alt="Cổng thông tin điện tử Đảng bộ tỉnh Trà Vinh" /></a></div>
		<ul id="ctl00_ucHeader_menu" class="tandan-menu">
			<li><a href="/portal/Pages/default.aspx">Trang chủ</a></li>
			<li><a href="/portal/Pages/Tin-hoat-dong.aspx">Tin hoạt động</a></li>
			<li class="active"><a href="/portal/Pages/Cong-tac-dan-van.aspx">Công tác dân vận</a></li>
			<li><a href="/portal/Pages/Van-ban.aspx">Văn bản</a></li>
			<li><a href="/portal/Pages/Gioi-thieu-Ban-Dan-van-Tinh-uy.aspx">Giới thiệu</a></li>
		</ul>
	</div>
	<div id="ctl00_PlaceHolderMain_pnlContent" class="tandan-content">
		<div class="ms-webpart-zone ms-fullWidth">
			<div id="MSOZoneCell_WebPartWPQ2" class="s4-wpcell-plain ms-webpartzone-cell ms-webpart-cell-vertical ms-fullWidth">
				<div class="ms-webpart-chrome ms-webpart-chrome-vertical ms-webpart-chrome-fullWidth">
					<div webpartid="6b7f0f8e-3c2d-4a51-9d7e-2f1c5b8a0e41" haspers="false" id="WebPartWPQ2" width="100%" class="ms-WPBody" allowdelete="false" style="">
						<div class="tandan-div-article-detail">
							<div class="tandan-breadcrumb"><a href="/portal/Pages/default.aspx">Trang chủ</a> &gt; <a href="/portal/Pages/Cong-tac-dan-van.aspx">Công tác dân vận</a></div>
							<p class="tandan-p-article-news-title">Năm 2024, công nhận 538 mô hình “Dân vận khéo”</p>
							<span class="tandan-span-date-publish">Đăng ngày 12 Tháng Mười Hai 2024 12:30:00 CH</span>
							<p class="tandan-p-article-news-summary">Phong trào thi đua “Dân vận khéo” năm 2024 tiếp tục được triển khai đồng bộ, tập trung vào vùng đồng bào dân tộc Khmer và các xã còn nhiều khó khăn.</p>
							<div class="tandan-p-article-main">
<div id="ctl00_PlaceHolderMain_ctl01__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl01_label">
<p style="text-align:justify">Năm 2024, các cấp đã công nhận 538 mô hình “Dân vận khéo”, tăng 38 mô hình so với năm 2023, nâng tổng số mô hình giai đoạn 2021 - 2024 lên 2.019 mô hình.</p>
<p style="text-align:center"><img alt="" src="/portal/PublishingImages/2024/12/lam-duong-long-hiep.jpg" style="width:600px" /></p><p class="image-caption" style="text-align:center"><em>Người dân ấp Sóc Cụt, xã Long Hiệp góp ngày công làm đường theo mô hình “Dân vận khéo”.</em></p>
<p style="text-align:justify">Đồng bào Khmer đã hiến 8.600 m2 đất, đóng góp hơn 4,3 tỷ đồng và hàng nghìn ngày công làm đường, xây cầu nông thôn.</p>
<p style="text-align:justify">Đến nay, 104/104 xã, phường, thị trấn đã xây dựng tổ hòa giải ở cơ sở gắn với mô hình “Dân vận khéo”; 97,4% vụ việc được hòa giải thành.</p>
<p style="text-align:justify">Ban Dân vận Tỉnh ủy đề nghị năm 2025, mỗi chi bộ ấp, khóm xây dựng ít nhất 1 mô hình, trong đó chú trọng các mô hình về chuyển đổi số và an sinh xã hội.</p>
</div>
<p class="tandan-p-view-count">Số lượt người xem: 643</p>
<div class="tandan-div-article-other">
<div class="tandan-other-title">TIN MỚI HƠN</div><ul>
<li><a href="/portal/Pages/2025-4-10/Hon-2-5-ty-dong-ho-tro-dong-bao-Khmer-don-Tet-Chol-Chnam-Thmayw9c4hf.aspx">Hơn 2,5 tỷ đồng hỗ trợ đồng bào Khmer đón Tết Chôl Chnăm Thmây</a> <span class="tandan-other-date">(10/04/2025)</span></li>
</ul>
<div class="tandan-other-title">TIN ĐÃ ĐƯA</div><ul>
<li><a href="/portal/Pages/2023-3-30/Tuyen-duong-486-mo-hinh-Dan-van-kheo-nam-2022r4t7vn.aspx">Tuyên dương 486 mô hình “Dân vận khéo” năm 2022</a> <span class="tandan-other-date">(30/03/2023)</span></li>
<li><a href="/portal/Pages/2022-11-25/Tiep-1438-luot-cong-dan-trong-10-thang-nam-2022xk3q9d.aspx">Tiếp 1.438 lượt công dân trong 10 tháng năm 2022</a> <span class="tandan-other-date">(25/11/2022)</span></li>
<li><a href="/portal/Pages/2020-10-14/Ky-niem-90-nam-Ngay-truyen-thong-cong-tac-dan-van-cua-Dangq8w2mz.aspx">Kỷ niệm 90 năm Ngày truyền thống công tác dân vận của Đảng</a> <span class="tandan-other-date">(14/10/2020)</span></li>
</ul>
<div class="tandan-other-more"><a href="/portal/Pages/Cong-tac-dan-van.aspx">Xem tiếp</a> <span>Xem theo ngày</span> <input type="text" class="tandan-date-picker" value="" /></div>
</div>
							</div>
							<p class="tandan-p-article-author">Kim Ngân</p>
							<div class="tandan-share"><a href="javascript:window.print()">In trang</a> | <a href="mailto:?subject=Năm 2024, công nhận 538 mô hình “Dân vận khéo”">Gửi email</a></div>
						</div>
					</div>
				</div>
			</div>
		</div>
	</div>
	<div id="ctl00_ucFooter_pnlFooter" class="tandan-footer">
		<div class="tandan-counter"><span class="tandan-counter-label">SỐ LƯỢT TRUY CẬP</span> <span class="tandan-digit">0</span><span class="tandan-digit">0</span><span class="tandan-digit">3</span><span class="tandan-digit">7</span><span class="tandan-digit">4</span><span class="tandan-digit">9</span><span class="tandan-digit">1</span><span class="tandan-digit">5</span></div>
		<p>CỔNG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ TỈNH TRÀ VINH</p>
		<p>Bản mẫu hư cấu của dự án danvan, không phải trang thật. Cơ quan chủ quản: Văn phòng Tỉnh ủy Trà Vinh.</p>
		<p>&copy; Ghi rõ nguồn "Cổng thông tin điện tử Đảng bộ tỉnh Trà Vinh" khi phát hành lại thông tin từ trang này.</p>
	</div>
</div>
</div>
<script type="text/javascript">
//<![CDATA[
var g_Workspace = "s4-workspace";
//]]>
</script>
</form>
</body>
</html>
