using System.Text.RegularExpressions;
using Ambient.Abstractions.Tools;

namespace Ambient.Tools.GitHub;

/// <summary>Validates a file path and git ref, so they address a file in the repository and nothing else of the API.</summary>
internal static partial class GitHubFilePath
{
    /// <exception cref="ToolArgumentException">Empty, with '.'/'..' segments, or characters a path in a URL cannot carry.</exception>
    public static string Parse(string path)
    {
        var trimmed = path.Trim().TrimStart('/');
        if (trimmed.Length is 0 or > 1024 || !PathPattern().IsMatch(trimmed) || trimmed.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new ToolArgumentException($"Argument 'path' must be a file path inside the repository such as 'src/app/main.go', got '{path}'.");
        }

        return trimmed;
    }

    /// <exception cref="ToolArgumentException">Not a branch, tag or commit name.</exception>
    public static string? ParseReference(string? reference)
    {
        if (reference is null or "")
        {
            return null;
        }

        if (!ReferencePattern().IsMatch(reference) || reference.Contains("..", StringComparison.Ordinal))
        {
            throw new ToolArgumentException($"Argument 'ref' must be a branch, tag or commit SHA, got '{reference}'.");
        }

        return reference;
    }

    [GeneratedRegex("^[^?#\\\\\\x00-\\x1F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
