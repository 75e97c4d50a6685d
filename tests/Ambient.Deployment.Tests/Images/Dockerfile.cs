using System.Text.Json;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// What a multi-stage Dockerfile of ours says about the image it builds: the <c>dotnet publish</c> of its build stage,
/// and of its final stage the base image, working directory, what it copies (the publish output, files from the
/// context), <c>ENV</c> and the exec-form <c>ENTRYPOINT</c>, and what the build stages copy from the context (where the
/// publish runs, so what it reads must be there). Enough to build the same file tree here and start it as the
/// image would; anything it cannot follow fails loudly rather than being guessed.
/// </summary>
internal sealed record Dockerfile(
    string RelativePath,
    string BaseImage,
    string WorkingDirectory,
    IReadOnlyList<string> PublishArguments,
    string PublishedTo,
    IReadOnlyList<(string Source, string Destination)> ContextCopies,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> BuildContextSources)
{
    public static Dockerfile Load(string relativePath)
    {
        var instructions = Instructions(File.ReadAllLines(RepositoryFiles.PathOf(relativePath)));
        var stages = new List<List<(string Keyword, string Arguments)>>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add([]);
            }

            stages[^1].Add(instruction);
        }

        var final = stages[^1];
        var publish = stages.SelectMany(s => s).Where(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet publish ", StringComparison.Ordinal))
            .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]).SingleOrDefault()
            ?? throw new InvalidDataException($"{relativePath}: no RUN dotnet publish.");
        var output = publish.SkipWhile(a => a is not ("-o" or "--output")).Skip(1).FirstOrDefault()
            ?? throw new InvalidDataException($"{relativePath}: dotnet publish has no -o.");
        var workDirectory = final.LastOrDefault(i => i.Keyword == "WORKDIR").Arguments ?? "/";
        var copies = final.Where(i => i.Keyword == "COPY").Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var published = copies.SingleOrDefault(c => c[0].StartsWith("--from=", StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{relativePath}: the final stage copies nothing from the build stage.");
        if (published[1] != output)
        {
            throw new InvalidDataException($"{relativePath}: the final stage copies {published[1]}, but dotnet publish wrote to {output}.");
        }

        return new Dockerfile(
            relativePath,
            final[0].Arguments.Split(' ')[0],
            workDirectory,
            publish,
            Absolute(published[2], workDirectory),
            [.. copies.Where(c => !c[0].StartsWith("--", StringComparison.Ordinal)).Select(c => (c[0], Absolute(c[1], workDirectory)))],
            final.Where(i => i.Keyword == "ENV").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]),
            JsonSerializer.Deserialize<string[]>(final.Last(i => i.Keyword == "ENTRYPOINT").Arguments)
                ?? throw new InvalidDataException($"{relativePath}: ENTRYPOINT is not in exec form."),
            [.. stages[..^1].SelectMany(s => s).Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--", StringComparison.Ordinal))
                .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])]);
    }

    /// <summary>The project the image publishes.</summary>
    public string Project => PublishArguments[1];

    private static string Absolute(string path, string workDirectory) =>
        path is "." or "./" ? workDirectory : path.StartsWith('/') ? path.TrimEnd('/') : $"{workDirectory.TrimEnd('/')}/{path.TrimEnd('/')}";

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static List<(string Keyword, string Arguments)> Instructions(string[] lines)
    {
        var result = new List<(string, string)>();
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            current += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (!line.EndsWith('\\'))
            {
                var space = current.IndexOf(' ', StringComparison.Ordinal);
                result.Add((current[..space].ToUpperInvariant(), string.Join(' ', current[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))));
                current = "";
            }
        }

        return result;
    }
}
