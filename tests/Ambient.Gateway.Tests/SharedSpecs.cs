namespace Ambient.Gateway.Tests;

/// <summary>The shared specification samples (<c>shared/specs</c>) beside or above the checkout; tests skip, saying so, without them.</summary>
internal static class SharedSpecs
{
    public static string Require(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "specs", relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Skip($"shared/specs/{relativePath} was not found above {AppContext.BaseDirectory}; this test needs the real sample payloads.");
        return null!;
    }
}
