namespace Ambient.Llm.Tests.Support;

/// <summary>Reads the real webhook samples kept in <c>shared/specs</c> beside the repository.</summary>
internal static class SamplePayloads
{
    public static string Read(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var specs = Path.Combine(directory.FullName, "shared", "specs");
            if (Directory.Exists(specs))
            {
                var file = Path.Combine(specs, relativePath);
                return File.Exists(file)
                    ? File.ReadAllText(file)
                    : throw new FileNotFoundException($"shared/specs exists at {specs} but has no {relativePath}.", file);
            }
        }

        Assert.Skip($"No shared/specs folder above {AppContext.BaseDirectory}; the sample payload {relativePath} is unavailable.");
        return string.Empty;
    }
}
