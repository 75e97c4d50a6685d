using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Ambient.Supervisor.Pages;

/// <summary>
/// What every action of the console (pause, approve, roll back) shares: the form's antiforgery field, the checks before
/// anything is written, who is acting, and the error page when nothing was.
/// </summary>
internal static class ConsoleForms
{
    /// <summary>The longest reason an action records: a line for whoever looks, not a document.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The hidden antiforgery field every form of the page carries.</summary>
    public static string AntiforgeryField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
    }

    /// <summary>
    /// The post's form fields, or none: a script may post without a body (<c>curl -X POST</c>), which form binding would
    /// refuse (400, or 415 without a content type) before the handler could say what is wrong.
    /// </summary>
    public static async Task<IFormCollection> FormOfAsync(HttpContext context) =>
        context.Request.HasFormContentType && context.Request.ContentLength != 0 ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;

    /// <summary>
    /// Why a post must change nothing, or null when it may. A browser's post must carry the form's antiforgery token
    /// (its cookie would ride along on a forged one); a script's bearer token cannot be sent by another site, so it
    /// needs none. A reason is a line.
    /// </summary>
    public static async Task<IResult?> RefusalAsync(HttpContext context, IAntiforgery antiforgery, string title, string back, string? reason)
    {
        if (reason?.Length > MaxReasonLength)
        {
            return Refused(title, $"A reason is at most {MaxReasonLength} characters", back);
        }

        return context.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme && !await antiforgery.IsRequestValidAsync(context)
            ? Refused(title, "This form is stale or came from another site", back)
            : null;
    }

    /// <summary>A 400 page saying what was wrong and that nothing was changed, with the way back.</summary>
    public static IResult Refused(string title, string problem, string back, int status = StatusCodes.Status400BadRequest) =>
        Html.Page(title, $"<p class=\"error\" role=\"alert\">{Html.E(problem)}: nothing was changed.</p><p><a href=\"{Html.E(back)}\">Back</a></p>", status: status);

    /// <summary>Who acts, as records name them: the console user, as the CLI names the operator's login.</summary>
    public static string UserOf(HttpContext context) => $"console:{context.User.Identity?.Name ?? "unknown"}";

    /// <summary>Null for nothing but blanks, else trimmed.</summary>
    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Waits (<paramref name="wait"/> at most) until this console read its own write back, so the page that follows
    /// shows it; <paramref name="changed"/> completes at the view's next change.
    /// </summary>
    public static async Task ReadBackAsync(Func<bool> applied, Func<Task> changed, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            // The signal is taken before the check, so a change between the two is not missed.
            for (var next = changed(); !applied(); next = changed())
            {
                await next.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not read back in time: the page that follows may not show it yet, the write stands.
        }
    }
}
