namespace Ambient.Cli.Commands;

/// <summary>The files <c>-f</c> names, as kubectl reads them: a file, or every <c>*.yaml</c> and <c>*.yml</c> of a directory.</summary>
internal static class AgentFileArguments
{
    /// <summary>The files in order, or the first path that does not exist.</summary>
    public static (IReadOnlyList<string> Files, string? Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                return ([], path);
            }
        }

        return (files, null);
    }
}
