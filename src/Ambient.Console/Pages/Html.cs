using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// The console's pages are plain server-rendered HTML: every value encoded, every control labelled, a skip link and one
/// main landmark, so they work from the keyboard and with a screen reader, and need no front-end build.
/// </summary>
internal static class Html
{
    /// <summary>Text made safe for an element's content or an attribute value.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>A UTC time, readable and machine-readable.</summary>
    public static string Time(DateTimeOffset time) =>
        $"<time datetime=\"{time.UtcDateTime:O}\">{time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time>";

    /// <summary>One name and value of a facts list (<c>&lt;dl class="facts"&gt;</c>); <paramref name="html"/> is encoded already.</summary>
    public static void Fact(StringBuilder body, string name, string html) => body.Append("<dt>").Append(name).Append("</dt><dd>").Append(html).Append("</dd>");

    /// <summary>A whole page: the shared header and navigation around <paramref name="body"/>.</summary>
    public static IResult Page(string title, string body, bool signedIn = true, int status = StatusCodes.Status200OK)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<title>").Append(E(title)).Append(" · Ambient console</title><style>").Append(Style).Append("</style></head><body>");
        page.Append("<a class=\"skip\" href=\"#main\">Skip to content</a><header><strong>Ambient</strong>");
        if (signedIn)
        {
            page.Append("<nav aria-label=\"Console\"><a href=\"/\">Overview</a> <a href=\"/runs\">Runs</a> <a href=\"/approvals\">Approvals</a> <a href=\"/agents\">Agents</a> <a href=\"/policies\">Policies</a></nav>");
        }

        page.Append("</header><main id=\"main\" tabindex=\"-1\"><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}header{display:flex;gap:2rem;padding:.75rem 1.5rem;background:#0b3d5c;color:#fff}" +
        "header a{color:#fff;margin-right:1rem}main{padding:1rem 1.5rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd}" +
        ".skip{position:absolute;left:-10rem}.skip:focus{left:.5rem;top:.5rem;background:#fff;color:#000;padding:.25rem}a:focus,button:focus,input:focus{outline:3px solid #f5a623}" +
        ".error{color:#a40000}label{display:block;margin:.5rem 0 .25rem}" +
        ".facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}.facts dd{margin:0}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem;max-height:30rem;overflow:auto}" +
        ".approval{border:1px solid #ccc;padding:.5rem 1rem;margin:1rem 0}.ok{color:#0a6b2d}";
}
