<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head id="ctl00_Head1"><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta name="viewport" content="width=device-width, initial-scale=1" />
	<title>
	Tổng kết công tác dân vận năm 2023: Tặng Bằng khen cho 12 tập thể, 16 cá nhân
</title>
	<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2bpHeX9U8DH09TB5zpJcsQ%3D%3DTAG0"/>
	<link rel="stylesheet" type="text/css" href="/Style%20Library/TanDan/css/tandan-portal.css"/>
	<script type="text/javascript" src="/_layouts/15/init.js?rev=ZIHzBfMSMW6PmnNVJbGpxA%3D%3DTAG0"></script>
	<script type="text/javascript" src="/Style%20Library/TanDan/js/jquery-1.11.1.min.js"></script>
	<link rel="canonical" href="https://quangnam.dcs.test/portal/Pages/2023-12-14/Tong-ket-cong-tac-dan-van-nam-2023n8vb6q.aspx" />
</head>
<body>
<div id="imgPrefetch" style="display:none">
<img src="/_layouts/15/images/spcommon.png?rev=23" />
</div>
<form method="post" action="/portal/Pages/2023-12-14/Tong-ket-cong-tac-dan-van-nam-2023n8vb6q.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x5B1C6A1F0E2D4C3B8A7F6E5D4C3B2A1908F7E6D5C4B3A2918273645546372819,17 Jun 2025 01:30:00 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIFD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0LlNoYXJlUG9pbnQuV2ViQ29udHJvbHMuU1BDb250cm9sTW9kZQ==" />
</div>
<script type="text/javascript">
//<![CDATA[
var _spPageContextInfo = {webServerRelativeUrl: "\u002fportal", webAbsoluteUrl: "https:\u002f\u002fquangnam.dcs.test\u002fportal", siteAbsoluteUrl: "https:\u002f\u002fquangnam.dcs.test", serverRequestPath: "\u002fportal\u002fPages\u002f2023-12-14\u002fTong-ket-cong-tac-dan-van-nam-2023n8vb6q.aspx", layoutsUrl: "_layouts\u002f15", webTitle: "Cổng thông tin điện tử Tỉnh ủy Quảng Nam", webTemplate: "53", tenantAppVersion: "0", isAppWeb: false, webLogoUrl: "\u002fportal\u002fPublishingImages\u002flogo.png", webLanguage: 1066, currentLanguage: 1066, currentUICultureName: "vi-VN", currentCultureName: "vi-VN", clientServerTimeDelta: new Date("2025-06-17T01:30:00.0000000Z") - new Date(), siteClientTag: "412$$16.0.0.0", crossDomainPhotosEnabled:false, webUIVersion:15, webPermMasks:{High:16,Low:196673}, pagePersonalizationScope:1, alertsEnabled:false, siteServerRelativeUrl: "\u002f", allowSilverlightPrompt:'True'};
//]]>
</script>
<div id="s4-workspace" class="ms-core-overlay">
<div id="s4-bodyContainer">
	<div id="ctl00_ucHeader_pnlHeader" class="tandan-header">
		<div class="tandan-top-bar">
			<span id="ctl00_ucHeader_lblDate" class="tandan-header-date">Thứ Ba, 17/06/2025</span>
			<span class="tandan-top-links"><a href="/portal/Pages/Lien-he.aspx">Liên hệ</a> | <a href="/portal/Pages/So-do-cong.aspx">Sơ đồ cổng</a> | <a id="ctl00_IdWelcome_ExplicitLogin" class="ms-signInLink" href="https://quangnam.dcs.test/portal/_layouts/15/Authenticate.aspx?Source=%2Fportal" style="display:inline;">Sign In</a></span>
		</div>
		<div class="tandan-banner"><a href="/portal/Pages/default.aspx"><img src="/portal/PublishingImages/banner.png" alt="Cổng thông tin điện tử Tỉnh ủy Quảng Nam" /></a></div>
		<ul id="ctl00_ucHeader_menu" class="tandan-menu">
			<li><a href="/portal/Pages/default.aspx">Trang chủ</a></li>
			<li><a href="/portal/Pages/Tin-hoat-dong.aspx">Tin hoạt động</a></li>
			<li class="active"><a href="/portal/Pages/Dan-van.aspx">Dân vận</a></li>
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
							<div class="tandan-breadcrumb"><a href="/portal/Pages/default.aspx">Trang chủ</a> &gt; <a href="/portal/Pages/Dan-van.aspx">Dân vận</a></div>
							<p class="tandan-p-article-news-title">Tổng kết công tác dân vận năm 2023: Tặng Bằng khen cho 12 tập thể, 16 cá nhân</p>
							<span class="tandan-span-date-publish">Dân vận 14 Tháng Mười Hai 2023 09:20:00 SA</span>
							<p class="tandan-p-article-news-summary">Sáng 14/12, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết công tác dân vận năm 2023, triển khai nhiệm vụ năm 2024.</p>
							<div class="tandan-p-article-main">
<div id="ctl00_PlaceHolderMain_ctl01__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl01_label">
<p style="text-align:justify">Năm 2023, khối dân vận đã tham mưu Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 215-KH/TU về thực hiện Quyết định số 23-QĐ/TW của Bộ Chính trị ban hành Quy chế công tác dân vận của hệ thống chính trị.</p>
<p style="text-align:justify">Phong trào thi đua “Dân vận khéo” có 1.384 mô hình được công nhận. Các cơ quan đã tiếp 1.876 lượt công dân, tiếp nhận 1.129 đơn thư, giải quyết 267/289 vụ việc thuộc thẩm quyền, đạt 92,4%.</p>
<p style="text-align:justify">Công tác vận động đồng bào dân tộc thiểu số đạt nhiều kết quả; tỷ lệ hộ nghèo ở 9 huyện miền núi giảm còn khoảng 18,5%.</p>
<p style="text-align:justify">Tại hội nghị, UBND tỉnh tặng Bằng khen cho 12 tập thể, 16 cá nhân; Ban Dân vận Tỉnh ủy tặng Giấy khen cho 15 tập thể, 20 cá nhân có thành tích xuất sắc trong công tác dân vận năm 2023.</p>
</div>
							</div>
							<p class="tandan-p-article-author">Văn Sự</p>
							<div class="tandan-share"><a href="javascript:window.print()">In trang</a> | <a href="mailto:?subject=Tổng kết công tác dân vận năm 2023: Tặng Bằng khen cho 12 tập thể, 16 cá nhân">Gửi email</a></div>
						</div>
<div class="tandan-div-article-other">
<div class="tandan-other-title">TIN MỚI HƠN</div><ul>
<li><a href="/portal/Pages/2025-2-20/Nam-2024-toan-tinh-co-1412-mo-hinh-Dan-van-kheof2gk7x.aspx">Năm 2024, toàn tỉnh có 1.412 mô hình “Dân vận khéo” được công nhận</a> <span class="tandan-other-date">(20/02/2025)</span></li>
</ul>
<div class="tandan-other-title">TIN ĐÃ ĐƯA</div><ul>
<li><a href="/portal/Pages/2022-6-21/Dan-van-kheo-o-vung-dong-bao-Co-Tut5yw3e.aspx">“Dân vận khéo” ở vùng đồng bào Cơ Tu</a> <span class="tandan-other-date">(21/06/2022)</span></li>
<li><a href="/portal/Pages/2021-11-4/Doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-voi-nhan-danh6dk2t.aspx">Đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân năm 2021</a> <span class="tandan-other-date">(04/11/2021)</span></li>
<li><a href="/portal/Pages/2020-9-17/Quang-Nam-tong-ket-phong-trao-thi-dua-Dan-van-kheo-giai-doan-2016-2020p3zr8d.aspx">Quảng Nam tổng kết phong trào thi đua “Dân vận khéo” giai đoạn 2016 - 2020</a> <span class="tandan-other-date">(17/09/2020)</span></li>
</ul>
<div class="tandan-other-more"><a href="/portal/Pages/Dan-van.aspx">Xem tiếp</a> <span>Xem theo ngày</span> <input type="text" class="tandan-date-picker" value="" /></div>
</div>
					</div>
				</div>
			</div>
		</div>
	</div>
	<div id="ctl00_ucFooter_pnlFooter" class="tandan-footer">
		<div class="tandan-counter"><span class="tandan-counter-label">SỐ LƯỢT TRUY CẬP</span> <span class="tandan-digit">0</span><span class="tandan-digit">1</span><span class="tandan-digit">2</span><span class="tandan-digit">8</span><span class="tandan-digit">6</span><span class="tandan-digit">5</span><span class="tandan-digit">3</span><span class="tandan-digit">0</span></div>
		<p>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH ỦY QUẢNG NAM</p>
		<p>Bản mẫu hư cấu của dự án danvan, không phải trang thật. Cơ quan chủ quản: Văn phòng Tỉnh ủy Quảng Nam.</p>
		<p>&copy; Ghi rõ nguồn "Cổng thông tin điện tử Tỉnh ủy Quảng Nam" khi phát hành lại thông tin từ trang này.</p>
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
