using System.Globalization;
using System.Text;
using Ambient.Abstractions.Events;

namespace Ambient.Runtime.Runs;

/// <summary>The user message that presents an event to the model: its attributes, then its data (bounded).</summary>
internal static class EventPrompt
{
    private const int MaxDataCharacters = 24_000;
    private const string Truncated = "\n... (truncated)";

    public static string Render(AmbientEvent input)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"A new event arrived.");
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

        text.AppendLine("data:");

        // The data goes in as sent (JSON for every Ambient source): re-indenting it would cost a parse per run. It is
        // decoded straight into the prompt string: payloads are kilobytes, and this runs once per run.
        var head = text.ToString();
        var data = input.Data.Span;
        var dataCharacters = Encoding.UTF8.GetCharCount(data);
        if (dataCharacters > MaxDataCharacters)
        {
            return string.Concat(head, Encoding.UTF8.GetString(data).AsSpan(0, MaxDataCharacters), Truncated);
        }

        return string.Create(head.Length + dataCharacters, (head, input.Data), static (prompt, state) =>
        {
            state.head.CopyTo(prompt);
            Encoding.UTF8.GetChars(state.Data.Span, prompt[state.head.Length..]);
        });
    }
}
