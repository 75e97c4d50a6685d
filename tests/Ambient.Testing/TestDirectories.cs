namespace Ambient.Testing;

/// <summary>Fresh temporary directories for broker data, under the system temp folder.</summary>
public static class TestDirectories
{
    /// <summary>Creates an empty directory whose name starts with <paramref name="prefix"/>.</summary>
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "ambient-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
