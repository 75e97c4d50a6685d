using System.Collections.Concurrent;
using System.Diagnostics;
using Ambient.Testing;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// An image's file tree built here as its Dockerfile builds it: the same <c>dotnet publish</c> (same project and
/// arguments, output redirected), placed where the final stage copies it, plus the files it copies from the context.
/// Built once per Dockerfile per test run; there is no Docker engine here to build the image itself. The test command
/// builds in Release (README), so these publishes find the projects compiled and only lay out the output.
/// </summary>
internal sealed class ImageBuild
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ImageBuild>>> s_builds = new();

    // One publish at a time: images share projects, and two MSBuild runs compiling one project at once collide.
    private static readonly SemaphoreSlim s_publishing = new(1, 1);

    private ImageBuild(Dockerfile dockerfile, string root)
    {
        Dockerfile = dockerfile;
        Root = root;
    }

    public Dockerfile Dockerfile { get; }

    /// <summary>The image's "/" on this machine.</summary>
    public string Root { get; }

    /// <summary>This machine's path for <paramref name="imagePath"/>, an absolute path inside the image.</summary>
    public string PathOf(string imagePath) => Path.Combine(Root, imagePath.TrimStart('/'));

    public static Task<ImageBuild> OfAsync(string dockerfile) =>
        s_builds.GetOrAdd(dockerfile, path => new Lazy<Task<ImageBuild>>(() => BuildAsync(Dockerfile.Load(path)))).Value;

    private static async Task<ImageBuild> BuildAsync(Dockerfile dockerfile)
    {
        var image = new ImageBuild(dockerfile, TestDirectories.Create("image"));
        var output = image.PathOf(dockerfile.PublishedTo);
        var arguments = dockerfile.PublishArguments.ToList();
        arguments[arguments.FindIndex(a => a is "-o" or "--output") + 1] = output;
        await s_publishing.WaitAsync();
        try
        {
            await RunDotnetAsync(arguments, dockerfile.RelativePath);
        }
        finally
        {
            s_publishing.Release();
        }

        foreach (var (source, destination) in dockerfile.ContextCopies)
        {
            CopyDirectory(RepositoryFiles.PathOf(source.TrimEnd('/')), image.PathOf(destination));
        }

        return image;
    }

    private static async Task RunDotnetAsync(IEnumerable<string> arguments, string dockerfile)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // No build servers left behind by a test; no first-run banner.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(15));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{dockerfile}: dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
