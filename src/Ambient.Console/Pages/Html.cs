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

    /// <summary>A whole page: the shared header and navigation around <paramref name="body"/>.</summary>
    public static IResult Page(string title, string body, bool signedIn = true, int status = StatusCodes.Status200OK)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<title>").Append(E(title)).Append(" · Ambient console</title><style>").Append(Style).Append("</style></head><body>");
        page.Append("<a class=\"skip\" href=\"#main\">Skip to content</a><header><strong>Ambient</strong>");
        if (signedIn)
        {
            page.Append("<nav aria-label=\"Console\"><a href=\"/\">Overview</a> <a href=\"/runs\">Runs</a> <a href=\"/agents\">Agents</a></nav>");
        }

        page.Append("</header><main id=\"main\" tabindex=\"-1\"><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}header{display:flex;gap:2rem;padding:.75rem 1.5rem;background:#0b3d5c;color:#fff}" +
        "header a{color:#fff;margin-right:1rem}main{padding:1rem 1.5rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd}" +
        ".skip{position:absolute;left:-10rem}.skip:focus{left:.5rem;top:.5rem;background:#fff;color:#000;padding:.25rem}a:focus,button:focus,input:focus{outline:3px solid #f5a623}" +
        ".error{color:#a40000}label{display:block;margin:.5rem 0 .25rem}";
}
