using System.Globalization;
using System.Text;
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

    public static string Render(AmbientEvent input)
    {
        var untrusted = new StringBuilder();
        untrusted.AppendLine(CultureInfo.InvariantCulture, $"type: {input.Type}");
        untrusted.AppendLine(CultureInfo.InvariantCulture, $"source: {input.Source}");
        untrusted.AppendLine(CultureInfo.InvariantCulture, $"id: {input.Id}");
        if (input.Subject is not null)
        {
            untrusted.AppendLine(CultureInfo.InvariantCulture, $"subject: {input.Subject}");
        }

        if (input.Time is { } time)
        {
            untrusted.AppendLine(CultureInfo.InvariantCulture, $"time: {time.ToString("O", CultureInfo.InvariantCulture)}");
        }

        untrusted.AppendLine("data:");

        // The data goes in as sent (JSON for every Ambient source): re-indenting it would cost a parse per run. Only
        // what can be shown is decoded (a UTF-8 byte is at most one character), never a 25 MB payload whole.
        var data = input.Data.Span;
        untrusted.Append(Encoding.UTF8.GetString(data.Length > MaxCharacters + 1 ? data[..(MaxCharacters + 1)] : data));
        var content = untrusted.ToString();

        var prompt = new StringBuilder(Math.Min(content.Length, MaxCharacters) + 256);
        prompt.Append("A new event arrived (").Append(input.Ingress is null ? "ingress unknown" : $"ingress {input.Ingress}").Append("):\n");
        UntrustedData.Append(prompt, "event", content, MaxCharacters);
        return prompt.ToString();
    }
}
