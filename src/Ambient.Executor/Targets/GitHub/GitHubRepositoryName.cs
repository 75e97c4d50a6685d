using System.Text.RegularExpressions;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>A repository named <c>owner/name</c>, validated so an argument cannot reach any other API path.</summary>
internal readonly partial record struct GitHubRepositoryName(string Owner, string Name)
{
    public static bool TryParse(string text, out GitHubRepositoryName repository)
    {
        var match = Pattern().Match(text);
        if (!match.Success || match.Groups["owner"].Value is "." or ".." || match.Groups["name"].Value is "." or "..")
        {
            repository = default;
            return false;
        }

        repository = new(match.Groups["owner"].Value, match.Groups["name"].Value);
        return true;
    }

    public override string ToString() => $"{Owner}/{Name}";

    // Letters, digits, '-', '_' and '.', as GitHub allows in repository names; owners are a subset of that
    // (managed users carry an '_shortcode' suffix).
    [GeneratedRegex("^(?<owner>[A-Za-z0-9_.-]{1,39})/(?<name>[A-Za-z0-9_.-]{1,100})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
