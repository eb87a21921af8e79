namespace OsConformance.Reports;

/// <summary>What every self-contained report page carries: the policy that forbids loading anything, and the error markers.</summary>
internal static class PageParts
{
    public const string ContentSecurityPolicy =
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n";

    /// <summary>
    /// Runs first inside the page's one script element, so errors in the page's own code are
    /// counted: the browser test reads data-errors and data-error-message from the root element.
    /// </summary>
    public const string ErrorMarkers = """
        (function () {
          'use strict';
          var root = document.documentElement;
          root.setAttribute('data-errors', '0');
          window.addEventListener('error', function (e) {
            root.setAttribute('data-errors', String(Number(root.getAttribute('data-errors')) + 1));
            root.setAttribute('data-error-message', String(e.message));
          });
        })();

        """;
}
