using System.Text;
using Ambient.Abstractions.Events;

namespace Ambient.Runtime.Runs;

/// <summary>
/// The audit's one-line summary of what an agent was given: the event's type, source, subject and ingress, and the
/// start of its data. The audit keeps a summary, not the event: the event stays on its topic, the record of what came.
/// </summary>
internal static class EventSummary
{
    /// <summary>At most this many characters of the event's data are in the summary.</summary>
    public const int DataCharacters = 200;

    public static string Of(AmbientEvent input)
    {
        var summary = new StringBuilder(DataCharacters + 160);
        summary.Append(input.Type).Append(" from ").Append(input.Source);
        if (input.Subject is not null)
        {
            summary.Append(", subject ").Append(input.Subject);
        }

        if (input.Ingress is not null)
        {
            summary.Append(", ingress ").Append(input.Ingress);
        }

        var data = input.Data.Span;
        if (data.Length > 0)
        {
            // A UTF-8 character is at most 4 bytes: decode no more than can be shown, never a large payload whole.
            var shown = Encoding.UTF8.GetString(data[..Math.Min(data.Length, DataCharacters * 4)]);
            summary.Append(": ");
            if (!AppendCollapsed(summary, shown, DataCharacters) || data.Length > DataCharacters * 4)
            {
                summary.Append('…');
            }
        }

        return summary.ToString();
    }

    // One line: runs of whitespace (the data's indentation, newlines) become one space. False when cut at the limit.
    private static bool AppendCollapsed(StringBuilder summary, string text, int limit)
    {
        var written = 0;
        var lastWasSpace = false;
        foreach (var c in text)
        {
            if (written == limit)
            {
                return false;
            }

            var space = char.IsWhiteSpace(c);
            if (space && lastWasSpace)
            {
                continue;
            }

            summary.Append(space ? ' ' : c);
            lastWasSpace = space;
            written++;
        }

        return true;
    }
}
