using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Ambient.Gateway.Http;

/// <summary>Signature and token checks in constant time, so response timing reveals nothing about the secret.</summary>
internal static class Secrets
{
    // Keyed HMAC state per thread and secret: GetHashAndReset returns it to the keyed state, so a request pays for
    // its bytes only, not for setting the key up again (a measurable share of a webhook's CPU).
    [ThreadStatic]
    private static Dictionary<string, IncrementalHash>? t_hmacs;

    /// <summary>The 32 bytes of a hex HMAC-SHA256 signature, or null when it is not one.</summary>
    public static byte[]? DecodeHmac(ReadOnlySpan<char> hexSignature)
    {
        var given = new byte[HMACSHA256.HashSizeInBytes];
        return hexSignature.Length == given.Length * 2 &&
            Convert.FromHexString(hexSignature, given, out _, out var written) == OperationStatus.Done && written == given.Length
            ? given
            : null;
    }

    /// <summary>Whether <paramref name="expected"/> is the HMAC-SHA256, under <paramref name="secret"/>, of <paramref name="prefix"/> then <paramref name="body"/>.</summary>
    public static bool HmacMatches(string secret, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        var hmacs = t_hmacs ??= new Dictionary<string, IncrementalHash>(StringComparer.Ordinal);
        if (!hmacs.TryGetValue(secret, out var hmac))
        {
            // Secrets are few (one per source); a rotated secret's old state is dropped rather than kept.
            if (hmacs.Count >= 8)
            {
                foreach (var stale in hmacs.Values)
                {
                    stale.Dispose();
                }

                hmacs.Clear();
            }

            hmacs[secret] = hmac = CreateHmac(secret);
        }

        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return Matches(hmac, expected);
    }

    /// <summary>A keyed HMAC-SHA256 of one's own, for a body hashed as it arrives (across awaits, so not the per-thread one).</summary>
    public static IncrementalHash CreateHmac(string secret) => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));

    /// <summary>Finishes <paramref name="hmac"/> (leaving it keyed for reuse) and compares it with <paramref name="expected"/> in constant time.</summary>
    public static bool Matches(IncrementalHash hmac, ReadOnlySpan<byte> expected)
    {
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Whether <paramref name="given"/> equals <paramref name="expected"/>; hashing both first keeps the time independent of length.</summary>
    public static bool TokenEquals(string expected, string? given) =>
        given is not null &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));

    /// <summary>The token of an <c>Authorization: Bearer ...</c> header, or null.</summary>
    public static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;

    /// <summary>A stable id for deliveries that carry none: the SHA-256 of their bytes.</summary>
    public static string ContentId(ReadOnlySpan<byte> body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
}
