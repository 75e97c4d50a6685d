namespace Ambient.Deployment.Tests;

/// <summary>Finds the checkout (the directory holding Ambient.sln) and the shared specifications beside or above it.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The shared spec directory (<c>shared/specs/relative</c>), or null when this machine has none.</summary>
    public static string? SharedSpecs(string relative)
    {
        for (var directory = new DirectoryInfo(Root); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "specs", relative);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The shared spec path, or skips the test saying what is missing.</summary>
    public static string RequireSharedSpecs(string relative)
    {
        if (SharedSpecs(relative) is { } path)
        {
            return path;
        }

        Assert.Skip($"shared/specs/{relative} is not present beside or above {Root}; validation against the real CRDs is skipped.");
        return string.Empty; // not reached: Assert.Skip throws
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ambient.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ambient.sln above {AppContext.BaseDirectory}.");
    }
}
