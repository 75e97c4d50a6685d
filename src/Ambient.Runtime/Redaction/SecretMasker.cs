using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ambient.Abstractions.Events;

namespace Ambient.Runtime.Redaction;

/// <summary>
/// The one redaction step between the outside world and what a model sees or Ambient writes: event data and subject,
/// tool and MCP results, and other agents' answers pass through it before they enter a run. Each secret it finds is
/// replaced by a stable placeholder, <c>[masked github-token 3f9c0a]</c>: the kind, and the first hex digits of the
/// secret's SHA-256, so the model can still tell two tokens apart and a person can match one they hold, while the
/// secret itself is never written. Events on the input topics are left as they arrived.
/// </summary>
public sealed partial class SecretMasker
{
    // Literal values shorter than this (a port, "true") would mask ordinary text.
    private const int MinLiteralLength = 8;

    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IReadOnlyList<SecretPattern> _patterns;
    private readonly string[] _literals;

    /// <param name="patterns">The kinds of secret looked for, in order.</param>
    /// <param name="literals">Exact values masked wherever they appear (Ambient's own configured secrets).</param>
    public SecretMasker(IEnumerable<SecretPattern> patterns, IEnumerable<string> literals)
    {
        _patterns = [.. patterns];
        // Longest first: a secret that contains another is masked whole.
        _literals = [.. literals.Where(l => l.Length >= MinLiteralLength).Distinct(StringComparer.Ordinal).OrderByDescending(l => l.Length)];
    }

    /// <summary>The built-in patterns and no literals.</summary>
    public static SecretMasker Default { get; } = new(SecretPattern.BuiltIn, []);

    /// <summary>The names of the patterns in use.</summary>
    public IEnumerable<string> PatternNames => _patterns.Select(p => p.Name);

    /// <summary><paramref name="text"/> with every secret masked, and how many were.</summary>
    public MaskedText Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new MaskedText(text ?? string.Empty, 0);
        }

        var count = 0;
        foreach (var literal in _literals)
        {
            if (text.Contains(literal, StringComparison.Ordinal))
            {
                count += Occurrences(text, literal);
                text = text.Replace(literal, Placeholder("configured-value", literal), StringComparison.Ordinal);
            }
        }

        foreach (var pattern in _patterns)
        {
            try
            {
                var found = 0;
                text = pattern.Regex.Replace(text, match =>
                {
                    found++;
                    return Masked(pattern.Name, match);
                });
                count += found;
            }
            catch (RegexMatchTimeoutException)
            {
                // Too long to look through in time: nothing of it goes on unchecked.
                return new MaskedText($"[masked unscannable {text.Length} characters]", count + 1);
            }
        }

        return new MaskedText(text, count);
    }

    /// <summary>
    /// The event as a run may see it: secrets in its subject and data masked (JSON data value by value, so it stays
    /// JSON; a field named like a password is masked whole). The same event when it holds none.
    /// </summary>
    public (AmbientEvent Event, int Count) Mask(AmbientEvent input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var subject = Mask(input.Subject);
        var data = input.Data;
        var count = subject.Count;
        if (!data.IsEmpty && MightHoldSecrets(data.Span))
        {
            (data, var inData) = MaskData(data);
            count += inData;
        }

        return count == 0 ? (input, 0) : (input with { Subject = input.Subject is null ? null : subject.Text, Data = data }, count);
    }

    private (ReadOnlyMemory<byte> Data, int Count) MaskData(ReadOnlyMemory<byte> data)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(data.Span);
        }
        catch (JsonException)
        {
            var text = Mask(Encoding.UTF8.GetString(data.Span));
            return (Encoding.UTF8.GetBytes(text.Text), text.Count);
        }

        var count = MaskIn(root);
        return (JsonSerializer.SerializeToUtf8Bytes(root, s_json), count);
    }

    // Masks the string values under node in place; returns how many secrets were masked.
    private int MaskIn(JsonNode? node)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject properties:
                foreach (var (name, value) in properties.ToList())
                {
                    if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                    {
                        var masked = SensitiveField().IsMatch(name) && text.Length > 0 ? new MaskedText(Placeholder("secret-field", text), 1) : Mask(text);
                        if (masked.Count > 0)
                        {
                            properties[name] = masked.Text;
                            count += masked.Count;
                        }
                    }
                    else
                    {
                        count += MaskIn(value);
                    }
                }

                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                    {
                        var masked = Mask(text);
                        if (masked.Count > 0)
                        {
                            items[i] = masked.Text;
                            count += masked.Count;
                        }
                    }
                    else
                    {
                        count += MaskIn(items[i]);
                    }
                }

                break;
        }

        return count;
    }

    // A look at the raw text first: most events hold no secret, and need not be parsed and written again. The text is
    // decoded into a pooled buffer, not a string: every event passes here, and most go no further.
    private bool MightHoldSecrets(ReadOnlySpan<byte> utf8)
    {
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            ReadOnlySpan<char> raw = buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, buffer));
            foreach (var literal in _literals)
            {
                if (raw.Contains(literal, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (SensitiveFieldInJson().IsMatch(raw))
            {
                return true;
            }

            foreach (var pattern in _patterns)
            {
                if (pattern.Regex.IsMatch(raw))
                {
                    return true;
                }
            }

            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string Masked(string kind, Match match)
    {
        var value = match.Groups["value"];
        if (!value.Success)
        {
            return Placeholder(kind, match.Value);
        }

        var start = value.Index - match.Index;
        return string.Concat(match.Value.AsSpan(0, start), Placeholder(kind, value.Value), match.Value.AsSpan(start + value.Length));
    }

    // No ':' or '=' after a word in it: a placeholder is never matched again by the pair pattern.
    private static string Placeholder(string kind, string secret) =>
        $"[masked {kind} {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 3))}]";

    private static int Occurrences(string text, string literal)
    {
        var count = 0;
        for (var at = text.IndexOf(literal, StringComparison.Ordinal); at >= 0; at = text.IndexOf(literal, at + literal.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex("^(?:password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|private[_-]?key)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SensitiveField();

    [GeneratedRegex("\"(?:password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|private[_-]?key)\"\\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SensitiveFieldInJson();
}

/// <summary>A text with its secrets masked, and how many were.</summary>
/// <param name="Text">The masked text.</param>
/// <param name="Count">How many secrets were masked.</param>
public readonly record struct MaskedText(string Text, int Count);
