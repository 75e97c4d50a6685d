using System.Globalization;

namespace Ambient.Tools.Kubernetes;

/// <summary>The newest lines of a log stream within a line count and a character budget; older lines are counted, not kept.</summary>
internal sealed record LogTail(IReadOnlyList<string> Lines, int Omitted)
{
    public static async Task<LogTail> ReadAsync(Stream stream, int maxLines, int maxLineChars, int maxTotalChars, CancellationToken cancellationToken)
    {
        var kept = new Queue<string>();
        var keptChars = 0;
        var omitted = 0;
        using (stream)
        using (var reader = new StreamReader(stream))
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                var capped = line.Length > maxLineChars
                    ? string.Create(CultureInfo.InvariantCulture, $"{line.AsSpan(0, maxLineChars)} [... {line.Length - maxLineChars} more characters]")
                    : line;
                kept.Enqueue(capped);
                keptChars += capped.Length;

                // The server honours tailLines; the count is enforced here too so a misbehaving server cannot flood the model.
                while (kept.Count > maxLines || (keptChars > maxTotalChars && kept.Count > 1))
                {
                    keptChars -= kept.Dequeue().Length;
                    omitted++;
                }
            }
        }

        return new([.. kept], omitted);
    }
}
