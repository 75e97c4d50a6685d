using System.Xml.Linq;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// An image's publish sees only what its build stage copied from the context. <see cref="ImageBuild"/> publishes from
/// the checkout, where everything is, so this checks the rest: the files MSBuild reads from the repository's root and
/// every file outside <c>src/</c> a published project includes (Ambient.Avro embeds <c>schemas/</c>; without it an
/// image would start with no schema and fail at its first record).
/// </summary>
public sealed class BuildContextTests
{
    public static TheoryData<string> Dockerfiles =>
        [.. Directory.EnumerateFiles(RepositoryFiles.PathOf("docker"), "*.Dockerfile").Select(f => $"docker/{Path.GetFileName(f)}").Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_BuildStageCopiesWhatThePublishReads(string dockerfile)
    {
        var image = Dockerfile.Load(dockerfile);
        var copied = image.BuildContextSources.Select(s => s.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

        var missing = RootFilesMsBuildReads().Concat(OutsideSrc(image.Project)).Where(n => !copied.Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Assert.Contains("src", copied);
        Assert.True(missing.Count == 0, $"{dockerfile}: the build stage does not copy {string.Join(", ", missing)}, which the publish of {image.Project} reads");
    }

    /// <summary>Directory.Build.*, Directory.Packages.props and global.json at the root, and what Directory.Build.props includes beside itself.</summary>
    private static IEnumerable<string> RootFilesMsBuildReads()
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json" }.Where(f => File.Exists(RepositoryFiles.PathOf(f))))
        {
            yield return file;
        }

        foreach (var include in XDocument.Load(RepositoryFiles.PathOf("Directory.Build.props")).Descendants().Select(e => e.Attribute("Include")?.Value)
            .OfType<string>().Where(i => i.StartsWith("$(MSBuildThisFileDirectory)", StringComparison.Ordinal)))
        {
            yield return include["$(MSBuildThisFileDirectory)".Length..];
        }
    }

    /// <summary>The top folders outside src/ that <paramref name="project"/> or a project it references includes files from.</summary>
    private static HashSet<string> OutsideSrc(string project)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(RepositoryFiles.PathOf(project))]);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(path)!;
            foreach (var item in XDocument.Load(path).Descendants().Where(e => e.Attribute("Include") is not null))
            {
                var included = Path.GetFullPath(Path.Combine(directory, item.Attribute("Include")!.Value.Replace('\\', '/')));
                if (item.Name.LocalName == "ProjectReference")
                {
                    pending.Push(included);
                }
                else if (Path.GetRelativePath(RepositoryFiles.Root, included).Split('/') is [var top, _, ..] && top != "src" && top != "..")
                {
                    folders.Add(top);
                }
            }
        }

        return folders;
    }
}
