namespace Ambient.Avro.Tests;

/// <summary>The checkout's <c>schemas/</c> folder, read as plain files the way another team's consumer would.</summary>
internal static class RepoSchemas
{
    public static string Directory { get; } = Find();

    public static string[] Names => [.. System.IO.Directory.GetFiles(Directory, "*.avsc").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    public static string Text(string name) => File.ReadAllText(Path.Combine(Directory, name + ".avsc"));

    public static TheoryData<string> All() => [.. Names];

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "schemas");
            if (File.Exists(Path.Combine(candidate, "ActionRecord.avsc")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No schemas/ folder above {AppContext.BaseDirectory}.");
    }
}
