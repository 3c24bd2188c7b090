<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html dir="ltr" lang="vi-VN">
<head id="ctl00_Head1"><meta http-equiv="X-UA-Compatible" content="IE=10" /><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" /><meta http-equiv="Expires" content="0" /><meta name="viewport" content="width=device-width, initial-scale=1" />
	<title>
	Công tác dân vận
</title>
	<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2bpHeX9U8DH09TB5zpJcsQ%3D%3DTAG0"/>
	<link rel="stylesheet" type="text/css" href="/Style%20Library/TanDan/css/tandan-portal.css"/>
	<script type="text/javascript" src="/_layouts/15/init.js?rev=ZIHzBfMSMW6PmnNVJbGpxA%3D%3DTAG0"></script>
	<script type="text/javascript" src="/Style%20Library/TanDan/js/jquery-1.11.1.min.js"></script>
	<link rel="canonical" href="https://travinh.dcs.test/portal/Pages/Cong-tac-dan-van.aspx" />
</head>
<body>
<div id="imgPrefetch" style="display:none">
<img src="/_layouts/15/images/spcommon.png?rev=23" />
</div>
<form method="post" action="/portal/Pages/Cong-tac-dan-van.aspx" id="aspnetForm">
<div class="aspNetHidden">
<input type="hidden" name="_wpcmWpid" id="_wpcmWpid" value="" />
<input type="hidden" name="wpcmVal" id="wpcmVal" value="" />
<input type="hidden" name="MSOWebPartPage_PostbackSource" id="MSOWebPartPage_PostbackSource" value="" />
<input type="hidden" name="__REQUESTDIGEST" id="__REQUESTDIGEST" value="0x5B1C6A1F0E2D4C3B8A7F6E5D4C3B2A1908F7E6D5C4B3A2918273645546372819,17 Jun 2025 01:30:00 -0000" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUBMA9kFgJmD2QWAgIBD2QWBAIBD2QWAgIFD2QWAmYPZBYCAgEPFgIeE1ByZXZpb3VzQ29udHJvbE1vZGULKYgBTWljcm9zb2Z0LlNoYXJlUG9pbnQuV2ViQ29udHJvbHMuU1BDb250cm9sTW9kZQ==" />
</div>
<script type="text/javascript">
//<![CDATA[
var _spPageContextInfo = {webServerRelativeUrl: "\u002fportal", webAbsoluteUrl: "https:\u002f\u002ftravinh.dcs.test\u002fportal", siteAbsoluteUrl: "https:\u002f\u002ftravinh.dcs.test", serverRequestPath: "\u002fportal\u002fPages\u002fCong-tac-dan-van.aspx", layoutsUrl: "_layouts\u002f15", webTitle: "Cổng thông tin điện tử Đảng bộ tỉnh Trà Vinh", webTemplate: "53", tenantAppVersion: "0", isAppWeb: false, webLogoUrl: "\u002fportal\u002fPublishingImages\u002flogo.png", webLanguage: 1066, currentLanguage: 1066, currentUICultureName: "vi-VN", currentCultureName: "vi-VN", clientServerTimeDelta: new Date("2025-06-17T01:30:00.0000000Z") - new Date(), siteClientTag: "412$$16.0.0.0", crossDomainPhotosEnabled:false, webUIVersion:15, webPermMasks:{High:16,Low:196673}, pagePersonalizationScope:1, alertsEnabled:false, siteServerRelativeUrl: "\u002f", allowSilverlightPrompt:'True'};
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
						<div class="tandan-title-cat">Công tác dân vận</div>
						<div class="tandan-list-news">
							<div class="tandan-news-item">
								<a class="tandan-img" href="/portal/Pages/2025-4-10/Hon-2-5-ty-dong-ho-tro-dong-bao-Khmer-don-Tet-Chol-Chnam-Thmayw9c4hf.aspx"><img src="/portal/PublishingImages/2025/04/thumb-w9c4hf.jpg" alt="" /></a>
								<h3><a class="title" href="/portal/Pages/2025-4-10/Hon-2-5-ty-dong-ho-tro-dong-bao-Khmer-don-Tet-Chol-Chnam-Thmayw9c4hf.aspx">Hơn 2,5 tỷ đồng hỗ trợ đồng bào Khmer đón Tết Chôl Chnăm Thmây</a></h3>
								<span class="tandan-list-date">(10/04/2025)</span>
								<p class="tandan-list-summary">Thực hiện Kế hoạch số 78-KH/BDVTU, ngày 18-3-2025 của Ban Dân vận Tỉnh ủy, các cấp, các ngành đã tổ chức thăm, tặng quà đồng bào Khmer nhân dịp Tết cổ truyền Chôl Chnăm Thmây năm 2025.</p>
							</div>
							<div class="tandan-news-item">
								<a class="tandan-img" href="/portal/Pages/2024-12-12/Nam-2024-cong-nhan-538-mo-hinh-Dan-van-kheom2p8sj.aspx"><img src="/portal/PublishingImages/2024/12/thumb-m2p8sj.jpg" alt="" /></a>
								<h3><a class="title" href="/portal/Pages/2024-12-12/Nam-2024-cong-nhan-538-mo-hinh-Dan-van-kheom2p8sj.aspx">Năm 2024, công nhận 538 mô hình “Dân vận khéo”</a></h3>
								<span class="tandan-list-date">(12/12/2024)</span>
								<p class="tandan-list-summary">Phong trào thi đua “Dân vận khéo” năm 2024 tiếp tục được triển khai đồng bộ, tập trung vào vùng đồng bào dân tộc Khmer và các xã còn nhiều khó khăn.</p>
							</div>
							<div class="tandan-news-item">
								<a class="tandan-img" href="/portal/Pages/2023-3-30/Tuyen-duong-486-mo-hinh-Dan-van-kheo-nam-2022r4t7vn.aspx"><img src="/portal/PublishingImages/2023/03/thumb-r4t7vn.jpg" alt="" /></a>
								<h3><a class="title" href="/portal/Pages/2023-3-30/Tuyen-duong-486-mo-hinh-Dan-van-kheo-nam-2022r4t7vn.aspx">Tuyên dương 486 mô hình “Dân vận khéo” năm 2022</a></h3>
								<span class="tandan-list-date">(30/03/2023)</span>
								<p class="tandan-list-summary">Chiều 30/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị tuyên dương điển hình “Dân vận khéo” năm 2022.</p>
							</div>
						</div>
						<div class="paging"><span class="current">1</span> <a href="/portal/Pages/Cong-tac-dan-van.aspx?PageIndex=2">2</a> <a class="next" href="/portal/Pages/Cong-tac-dan-van.aspx?PageIndex=2">Trang sau &raquo;</a></div>
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
