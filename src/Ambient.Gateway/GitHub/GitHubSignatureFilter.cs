using Ambient.Gateway.Configuration;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.GitHub;

/// <summary>
/// Refuses (401) a request whose <c>X-Hub-Signature-256</c> is not <c>sha256=</c> + the HMAC-SHA256 of the raw body
/// under the webhook secret. https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
/// </summary>
internal sealed class GitHubSignatureFilter : IEndpointFilter
{
    private const string Prefix = "sha256=";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var secret = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.GitHub.Secret!;
        var signature = http.Request.Headers["X-Hub-Signature-256"].ToString();
        if (signature.Length == 0)
        {
            return Problems.Unauthorized(http, "X-Hub-Signature-256 is missing; configure the webhook with the shared secret.");
        }

        if (!signature.StartsWith(Prefix, StringComparison.Ordinal) ||
            !Secrets.IsHmacSha256(secret, signature.AsSpan(Prefix.Length), BufferedBody.Get(http)))
        {
            return Problems.Unauthorized(http, "X-Hub-Signature-256 does not match the body under the configured secret.");
        }

        return await next(context);
    }
}
