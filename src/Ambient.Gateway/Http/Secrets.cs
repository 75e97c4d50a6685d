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

    /// <summary>Whether <paramref name="hexSignature"/> is the HMAC-SHA256, under <paramref name="secret"/>, of <paramref name="parts"/> concatenated.</summary>
    public static bool IsHmacSha256(string secret, ReadOnlySpan<char> hexSignature, params ReadOnlySpan<ReadOnlyMemory<byte>> parts)
    {
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hexSignature.Length != given.Length * 2 ||
            Convert.FromHexString(hexSignature, given, out _, out var written) != OperationStatus.Done || written != given.Length)
        {
            return false;
        }

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

            hmacs[secret] = hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        }

        foreach (var part in parts)
        {
            hmac.AppendData(part.Span);
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
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
