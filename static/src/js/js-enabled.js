// Mark the page as able to run GOV.UK Frontend's JavaScript. Kept in a file, not inline,
// so the content security policy can forbid inline scripts.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
