using System.Globalization;
using System.Text;
using Ambient.Abstractions.Events;

namespace Ambient.Runtime.Runs;

/// <summary>The user message that presents an event to the model: its attributes, then its data (bounded).</summary>
internal static class EventPrompt
{
    private const int MaxDataCharacters = 24_000;

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

        // The data goes in as sent (JSON for every Ambient source): re-indenting it would cost a parse per run.
        var data = Encoding.UTF8.GetString(input.Data.Span);
        if (data.Length > MaxDataCharacters)
        {
            data = string.Concat(data.AsSpan(0, MaxDataCharacters), "\n... (truncated)");
        }

        text.AppendLine("data:");
        text.Append(data);
        return text.ToString();
    }
}
