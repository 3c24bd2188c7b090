<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head id="ctl00_Head1"><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta name="viewport" content="width=device-width, initial-scale=1" />
	<title>
	Đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân năm 2021
</title>
	<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2bpHeX9U8DH09TB5zpJcsQ%3D%3DTAG0"/>
	<link rel="stylesheet" type="text/css" href="/Style%20Library/TanDan/css/tandan-portal.css"/>
	<script type="text/javascript" src="/_layouts/15/init.js?rev=ZIHzBfMSMW6PmnNVJbGpxA%3D%3DTAG0"></script>
	<script type="text/javascript" src="/Style%20Library/TanDan/js/jquery-1.11.1.min.js"></script>
	<link rel="canonical" href="https://quangnam.dcs.test/portal/Pages/2021-11-4/Doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-voi-nhan-danh6dk2t.aspx" />
</head>
<body>
<div id="imgPrefetch" style="display:none">
<img src="/_layouts/15/images/spcommon.png?rev=23" />
</div>
<form method="post" action="/portal/Pages/2021-11-4/Doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-voi-nhan-danh6dk2t.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x5B1C6A1F0E2D4C3B8A7F6E5D4C3B2A1908F7E6D5C4B3A2918273645546372819,17 Jun 2025 01:30:00 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIFD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0LlNoYXJlUG9pbnQuV2ViQ29udHJvbHMuU1BDb250cm9sTW9kZQ==" />
</div>
<script type="text/javascript">
//<![CDATA[
var _spPageContextInfo = {webServerRelativeUrl: "\u002fportal", webAbsoluteUrl: "https:\u002f\u002fquangnam.dcs.test\u002fportal", siteAbsoluteUrl: "https:\u002f\u002fquangnam.dcs.test", serverRequestPath: "\u002fportal\u002fPages\u002f2021-11-4\u002fDoi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-voi-nhan-danh6dk2t.aspx", layoutsUrl: "_layouts\u002f15", webTitle: "Cổng thông tin điện tử Tỉnh ủy Quảng Nam", webTemplate: "53", tenantAppVersion: "0", isAppWeb: false, webLogoUrl: "\u002fportal\u002fPublishingImages\u002flogo.png", webLanguage: 1066, currentLanguage: 1066, currentUICultureName: "vi-VN", currentCultureName: "vi-VN", clientServerTimeDelta: new Date("2025-06-17T01:30:00.0000000Z") - new Date(), siteClientTag: "412$$16.0.0.0", crossDomainPhotosEnabled:false, webUIVersion:15, webPermMasks:{High:16,Low:196673}, pagePersonalizationScope:1, alertsEnabled:false, siteServerRelativeUrl: "\u002f", allowSilverlightPrompt:'True'};
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
							<p class="tandan-p-article-news-title">Đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân năm 2021</p>
							<span class="tandan-span-date-publish">Dân vận 04 Tháng Mười Một 2021 03:30:00 CH</span>
							<p class="tandan-p-article-news-summary">Từ đầu năm 2021 đến nay, các địa phương trong tỉnh đã tổ chức 318 cuộc đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân.</p>
							<div class="tandan-p-article-main">
<div id="ctl00_PlaceHolderMain_ctl01__ControlWrapper_RichHtmlField" class="ms-rtestate-field" style="display:inline" aria-labelledby="ctl00_PlaceHolderMain_ctl01_label">
<p style="text-align:justify">Theo Ban Dân vận Tỉnh ủy, 10 tháng năm 2021, các cấp đã tổ chức 318 cuộc đối thoại với hơn 21.000 lượt người tham dự; tiếp nhận 1.247 ý kiến, kiến nghị của nhân dân, đến nay đã giải quyết 1.105 ý kiến, đạt 88,6%.</p>
<p style="text-align:justify">Các cơ quan hành chính nhà nước đã tiếp 2.036 lượt công dân; tiếp nhận 1.412 đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh. Tại các huyện miền núi Tây Giang, Nam Trà My, các cuộc đối thoại được tổ chức ngay tại nhà văn hóa thôn, có người phiên dịch tiếng Cơ Tu, Xơ Đăng.</p>
<p style="text-align:justify">Việc đối thoại được thực hiện theo Quy chế ban hành kèm theo Quyết định số 2810-QĐ/TU, ngày 15-3-2021 của Ban Thường vụ Tỉnh ủy.</p>
<p style="text-align:justify">Ban Dân vận Tỉnh ủy đề nghị sau mỗi cuộc đối thoại phải có thông báo kết luận, phân công rõ trách nhiệm giải quyết và công khai kết quả để nhân dân giám sát.</p>
</div>
							</div>
							<p class="tandan-p-article-author">Văn Sự</p>
							<div class="tandan-share"><a href="javascript:window.print()">In trang</a> | <a href="mailto:?subject=Đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân năm 2021">Gửi email</a></div>
						</div>
<div class="tandan-div-article-other">
<div class="tandan-other-title">TIN MỚI HƠN</div><ul>
<li><a href="/portal/Pages/2022-6-21/Dan-van-kheo-o-vung-dong-bao-Co-Tut5yw3e.aspx">“Dân vận khéo” ở vùng đồng bào Cơ Tu</a> <span class="tandan-other-date">(21/06/2022)</span></li>
<li><a href="/portal/Pages/2023-12-14/Tong-ket-cong-tac-dan-van-nam-2023n8vb6q.aspx">Tổng kết công tác dân vận năm 2023: Tặng Bằng khen cho 12 tập thể, 16 cá nhân</a> <span class="tandan-other-date">(14/12/2023)</span></li>
</ul>
<div class="tandan-other-title">TIN ĐÃ ĐƯA</div><ul>
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
