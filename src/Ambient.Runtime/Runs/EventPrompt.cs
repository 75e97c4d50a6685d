using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Ambient.Abstractions.Events;
using Ambient.Llm.Prompts;

namespace Ambient.Runtime.Runs;

/// <summary>
/// The user message that presents an event to the model: its attributes and data (bounded) in an untrusted-data block
/// (<see cref="UntrustedData"/>): anyone who can send an event chooses every byte of them.
/// </summary>
internal static class EventPrompt
{
    /// <summary>At most this much of an event (attributes and data) reaches the model.</summary>
    public const int MaxCharacters = 24_000;

    private const string Label = "event";

    public static string Render(AmbientEvent input)
    {
        var attributes = Attributes(input);
        var introduction = input.Ingress is null ? "A new event arrived (ingress unknown):\n" : $"A new event arrived (ingress {input.Ingress}):\n";

        // The data goes in as sent (JSON for every Ambient source): re-indenting it would cost a parse per run. Only
        // what can be shown is decoded (a UTF-8 byte is at most one character), never a 25 MB payload whole.
        var data = input.Data.Span;
        var shown = data.Length > MaxCharacters + 1 ? data[..(MaxCharacters + 1)] : data;
        return IsPlain(attributes, shown) ? RenderPlain(introduction, attributes, shown) : RenderGeneral(introduction, attributes, shown);
    }

    private static string Attributes(AmbientEvent input)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"type: {input.Type}");
        text.AppendLine(CultureInfo.InvariantCulture, $"source: {input.Source}");
        text.AppendLine(CultureInfo.InvariantCulture, $"id: {input.Id}");
        if (input.Subject is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"subject: {input.Subject}");
        }

        if (input.Time is { } time)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"time: {time.ToString("O", CultureInfo.InvariantCulture)}");
        }

        return text.AppendLine("data:").ToString();
    }

    /// <summary>
    /// The common case: data shown whole, valid UTF-8 (so its bytes are the UTF-8 of what the model reads), and nothing
    /// that looks like a fence. The block then needs no rewriting, and its tag is the hash of the bytes as they are.
    /// </summary>
    private static bool IsPlain(string attributes, ReadOnlySpan<byte> data) =>
        data.Length <= MaxCharacters - attributes.Length && Utf8.IsValid(data) && data.IndexOf("<<<"u8) < 0 && !attributes.Contains("<<<", StringComparison.Ordinal);

    /// <summary>What <see cref="RenderGeneral"/> gives for plain data, in one string: the data decoded once, straight into it.</summary>
    private static string RenderPlain(string introduction, string attributes, ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(attributes));
        hash.AppendData(data);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        var tag = Convert.ToHexStringLower(digest[..6]);
        var parts = new Parts(introduction, $"<<<UNTRUSTED DATA {Label} {tag}>>>\n", attributes, data, $"\n<<<END UNTRUSTED DATA {Label} {tag}>>>\n");
        return string.Create(parts.Length, parts, static (span, parts) => parts.CopyTo(span));
    }

    private readonly ref struct Parts(string introduction, string open, string attributes, ReadOnlySpan<byte> data, string close)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly int _dataLength = Encoding.UTF8.GetCharCount(data);

        public int Length => introduction.Length + open.Length + attributes.Length + _dataLength + close.Length;

        public void CopyTo(Span<char> span)
        {
            foreach (var text in (ReadOnlySpan<string>)[introduction, open, attributes])
            {
                text.CopyTo(span);
                span = span[text.Length..];
            }

            span = span[Encoding.UTF8.GetChars(_data, span)..];
            close.CopyTo(span);
        }
    }

    private static string RenderGeneral(string introduction, string attributes, ReadOnlySpan<byte> data)
    {
        var content = attributes + Encoding.UTF8.GetString(data);
        var prompt = new StringBuilder(Math.Min(content.Length, MaxCharacters) + 256);
        prompt.Append(introduction);
        UntrustedData.Append(prompt, Label, content, MaxCharacters);
        return prompt.ToString();
    }
}
