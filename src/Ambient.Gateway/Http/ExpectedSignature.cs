namespace Ambient.Gateway.Http;

/// <summary>
/// What a signed request claims: the HMAC-SHA256 (<paramref name="Hmac"/>, 32 bytes) under <paramref name="Secret"/> of
/// <paramref name="Prefix"/> followed by the body, and the 401 detail to give when it does not match.
/// </summary>
internal sealed record ExpectedSignature(string Secret, byte[] Prefix, byte[] Hmac, string MismatchDetail);
