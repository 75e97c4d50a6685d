namespace Ambient.Governance.Tests.Support;

/// <summary>The checkout: the directory holding Ambient.sln, above the test's output directory.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ambient.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ambient.sln above {AppContext.BaseDirectory}.");
    }
}
