namespace Ambient.Kafka.Tests;

/// <summary>Finds the shared specification samples (<c>shared/specs</c>) beside or above the checkout.</summary>
internal static class SharedSpecs
{
    public static string? Find(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "specs", relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
