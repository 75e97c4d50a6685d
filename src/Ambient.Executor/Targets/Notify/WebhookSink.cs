using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Notify;

/// <summary>
/// POSTs the notification as JSON (<c>{actionId, agent, runId, operation, ...arguments}</c>) with the header
/// <c>X-Ambient-Action-Id</c> and, when a secret is set, <c>X-Ambient-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>.
/// Any 2xx is a delivery.
/// </summary>
/// <remarks>
/// A webhook cannot be searched: after a crash, or a retry because another sink was unavailable, it may be sent the
/// same notification again. Receivers must dedupe by <c>X-Ambient-Action-Id</c>.
/// </remarks>
internal sealed class WebhookSink(NotifyHttp http, Uri url, string? secret) : INotifySink
{
    public const string ActionIdHeader = "X-Ambient-Action-Id";
    public const string SignatureHeader = "X-Ambient-Signature";

    // The host only: a webhook's path or query often carries a token, and labels go to the ledger and the audit.
    public string Label => $"{NotifySinkOptions.WebhookKind} {url.GetLeftPart(UriPartial.Authority)}";

    public bool Searchable => false;

    public async Task<TargetOutcome> DeliverAsync(ActionRecord action, Notification notification, CancellationToken cancellationToken)
    {
        // Signed and sent as the same bytes.
        var body = Encoding.UTF8.GetBytes(Notification.WebhookPayload(action).ToJsonString());
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(ActionIdHeader, action.Id);
        if (!string.IsNullOrEmpty(secret))
        {
            request.Headers.Add(SignatureHeader, Signature(secret, body));
        }

        var answer = await http.SendAsync(Label, request, cancellationToken);
        return answer.Problem ?? TargetOutcome.Applied($"webhook:{answer.Status}");
    }

    public Task<TargetOutcome?> FindAsync(ActionRecord action, CancellationToken cancellationToken) => Task.FromResult<TargetOutcome?>(null);

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <paramref name="body"/> keyed with the UTF-8 <paramref name="secret"/>.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
