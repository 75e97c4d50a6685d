using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Ambient.Testing;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// A <c>dotnet</c> host that sees only the shared frameworks a base image has: the SDK's own host and runtime, with
/// <c>Microsoft.AspNetCore.App</c> left out for <c>mcr.microsoft.com/dotnet/runtime</c>. An app whose runtimeconfig asks
/// for a framework its image lacks fails here as in the container ("You must install or update .NET").
/// </summary>
internal static class ImageRuntime
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_roots = new();

    /// <summary>The frameworks each base image we use provides.</summary>
    public static IReadOnlyList<string> Frameworks(string baseImage) => baseImage.Split(':')[0] switch
    {
        "mcr.microsoft.com/dotnet/runtime" => ["Microsoft.NETCore.App"],
        "mcr.microsoft.com/dotnet/aspnet" => ["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"],
        _ => throw new InvalidDataException($"Unknown base image {baseImage}: say which .NET frameworks it provides in {nameof(ImageRuntime)}."),
    };

    /// <summary>The environment variables the base image sets (what its Dockerfile's ENV gives every container).</summary>
    public static IReadOnlyDictionary<string, string> Environment(string baseImage)
    {
        var environment = new Dictionary<string, string> { ["APP_UID"] = "1654", ["DOTNET_RUNNING_IN_CONTAINER"] = "true" };
        if (Frameworks(baseImage).Contains("Microsoft.AspNetCore.App"))
        {
            environment["ASPNETCORE_HTTP_PORTS"] = "8080";
        }

        return environment;
    }

    /// <summary>Path of a <c>dotnet</c> executable whose root holds only the base image's frameworks.</summary>
    public static string Dotnet(string baseImage) =>
        s_roots.GetOrAdd(string.Join(",", Frameworks(baseImage)), key => new Lazy<string>(() => CreateRoot(key.Split(',')))).Value;

    private static string CreateRoot(string[] frameworks)
    {
        // The running test's runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/.
        var sdkRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var root = TestDirectories.Create("image-runtime");
        // A copy, not a link: the host finds its root from its own path.
        File.Copy(Path.Combine(sdkRoot, "dotnet"), Path.Combine(root, "dotnet"));
        Directory.CreateSymbolicLink(Path.Combine(root, "host"), Path.Combine(sdkRoot, "host"));
        Directory.CreateDirectory(Path.Combine(root, "shared"));
        foreach (var framework in frameworks)
        {
            Directory.CreateSymbolicLink(Path.Combine(root, "shared", framework), Path.Combine(sdkRoot, "shared", framework));
        }

        return Path.Combine(root, "dotnet");
    }
}
