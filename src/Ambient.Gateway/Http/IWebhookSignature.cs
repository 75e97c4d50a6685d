namespace Ambient.Gateway.Http;

/// <summary>
/// A webhook source's HMAC-SHA256 signature scheme. Its headers are checked before the body is read, so a request
/// without a usable signature costs no body; <see cref="BodyFilter"/> then hashes the body as it arrives.
/// </summary>
internal interface IWebhookSignature
{
    /// <summary>What the body's HMAC must match, or null with <paramref name="problem"/> saying why the headers are unusable (401).</summary>
    ExpectedSignature? Read(HttpContext context, out string? problem);
}
