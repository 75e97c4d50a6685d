using System.Text.RegularExpressions;
using Ambient.Abstractions.Tools;

namespace Ambient.Tools.GitHub;

/// <summary>A repository named <c>owner/name</c>, validated so a model's argument cannot reach any other API path.</summary>
internal readonly partial record struct GitHubRepository(string Owner, string Name)
{
    /// <exception cref="ToolArgumentException">Not <c>owner/name</c>.</exception>
    public static GitHubRepository Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Groups["name"].Value is "." or "..")
        {
            throw new ToolArgumentException($"Argument 'repository' must be 'owner/name' (e.g. 'octocat/hello-world'), got '{text}'.");
        }

        return new(match.Groups["owner"].Value, match.Groups["name"].Value);
    }

    public override string ToString() => $"{Owner}/{Name}";

    // GitHub logins: letters, digits and single hyphens, up to 39; repository names: letters, digits, '.', '_', '-'.
    [GeneratedRegex("^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<name>[A-Za-z0-9._-]{1,100})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
