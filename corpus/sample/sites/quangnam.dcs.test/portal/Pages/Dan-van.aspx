<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head id="ctl00_Head1"><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta name="viewport" content="width=device-width, initial-scale=1" />
	<title>
	Dân vận
</title>
	<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2bpHeX9U8DH09TB5zpJcsQ%3D%3DTAG0"/>
	<link rel="stylesheet" type="text/css" href="/Style%20Library/TanDan/css/tandan-portal.css"/>
	<script type="text/javascript" src="/_layouts/15/init.js?rev=ZIHzBfMSMW6PmnNVJbGpxA%3D%3DTAG0"></script>
	<script type="text/javascript" src="/Style%20Library/TanDan/js/jquery-1.11.1.min.js"></script>
	<link rel="canonical" href="https://quangnam.dcs.test/portal/Pages/Dan-van.aspx" />
</head>
<body>
<div id="imgPrefetch" style="display:none">
<img src="/_layouts/15/images/spcommon.png?rev=23" />
</div>
<form method="post" action="/portal/Pages/Dan-van.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x5B1C6A1F0E2D4C3B8A7F6E5D4C3B2A1908F7E6D5C4B3A2918273645546372819,17 Jun 2025 01:30:00 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIFD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0LlNoYXJlUG9pbnQuV2ViQ29udHJvbHMuU1BDb250cm9sTW9kZQ==" />
</div>
<script type="text/javascript">
//<![CDATA[
var _spPageContextInfo = {webServerRelativeUrl: "\u002fportal", webAbsoluteUrl: "https:\u002f\u002fquangnam.dcs.test\u002fportal", siteAbsoluteUrl: "https:\u002f\u002fquangnam.dcs.test", serverRequestPath: "\u002fportal\u002fPages\u002fDan-van.aspx", layoutsUrl: "_layouts\u002f15", webTitle: "Cổng thông tin điện tử Tỉnh ủy Quảng Nam", webTemplate: "53", tenantAppVersion: "0", isAppWeb: false, webLogoUrl: "\u002fportal\u002fPublishingImages\u002flogo.png", webLanguage: 1066, currentLanguage: 1066, currentUICultureName: "vi-VN", currentCultureName: "vi-VN", clientServerTimeDelta: new Date("2025-06-17T01:30:00.0000000Z") - new Date(), siteClientTag: "412$$16.0.0.0", crossDomainPhotosEnabled:false, webUIVersion:15, webPermMasks:{High:16,Low:196673}, pagePersonalizationScope:1, alertsEnabled:false, siteServerRelativeUrl: "\u002f", allowSilverlightPrompt:'True'};
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
						<div class="tandan-title-cat">Dân vận</div>
						<div class="tandan-list-news">
							<div class="tandan-news-item">
								<a class="tandan-img" href="/portal/Pages/2025-2-20/Nam-2024-toan-tinh-co-1412-mo-hinh-Dan-van-kheof2gk7x.aspx"><img src="/portal/PublishingImages/2025/02/thumb-f2gk7x.jpg" alt="" /></a>
								<h3><a class="title" href="/portal/Pages/2025-2-20/Nam-2024-toan-tinh-co-1412-mo-hinh-Dan-van-kheof2gk7x.aspx">Năm 2024, toàn tỉnh có 1.412 mô hình “Dân vận khéo” được công nhận</a></h3>
								<span class="tandan-list-date">(20/02/2025)</span>
								<p class="tandan-list-summary">Năm 2024, phong trào thi đua “Dân vận khéo” tiếp tục được các cấp, các ngành trong tỉnh hưởng ứng sâu rộng.</p>
							</div>
							<div class="tandan-news-item">
								<a class="tandan-img" href="/portal/Pages/2023-12-14/Tong-ket-cong-tac-dan-van-nam-2023n8vb6q.aspx"><img src="/portal/PublishingImages/2023/12/thumb-n8vb6q.jpg" alt="" /></a>
								<h3><a class="title" href="/portal/Pages/2023-12-14/Tong-ket-cong-tac-dan-van-nam-2023n8vb6q.aspx">Tổng kết công tác dân vận năm 2023: Tặng Bằng khen cho 12 tập thể, 16 cá nhân</a></h3>
								<span class="tandan-list-date">(14/12/2023)</span>
								<p class="tandan-list-summary">Sáng 14/12, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết công tác dân vận năm 2023, triển khai nhiệm vụ năm 2024.</p>
							</div>
							<div class="tandan-news-item">
								<a class="tandan-img" href="/portal/Pages/2022-6-21/Dan-van-kheo-o-vung-dong-bao-Co-Tut5yw3e.aspx"><img src="/portal/PublishingImages/2022/06/thumb-t5yw3e.jpg" alt="" /></a>
								<h3><a class="title" href="/portal/Pages/2022-6-21/Dan-van-kheo-o-vung-dong-bao-Co-Tut5yw3e.aspx">“Dân vận khéo” ở vùng đồng bào Cơ Tu</a></h3>
								<span class="tandan-list-date">(21/06/2022)</span>
								<p class="tandan-list-summary">Ở các huyện Tây Giang, Đông Giang, Nam Giang, phong trào thi đua “Dân vận khéo” đang góp phần thay đổi diện mạo các làng Cơ Tu.</p>
							</div>
						</div>
						<div class="paging"><span class="current">1</span> <a href="/portal/Pages/Dan-van.aspx?PageIndex=2">2</a> <a class="next" href="/portal/Pages/Dan-van.aspx?PageIndex=2">Trang sau &raquo;</a></div>
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
