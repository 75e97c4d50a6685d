using System.Text;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Tools.Internal;
using Octokit;

namespace Ambient.Tools.GitHub;

/// <summary><c>github.get_file</c>: a text file of a repository, decoded and capped, with its blob sha and size.</summary>
internal sealed class GitHubGetFileTool(GitHubReader reader) : IAmbientTool
{
    public const int MaxContentChars = 16_000;

    // Throws on bytes that are not UTF-8, which is how a binary file shows itself.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public ToolDescriptor Descriptor { get; } = new(
        "github.get_file",
        "Reads a text file from a GitHub repository at a branch, tag or commit (the default branch when no ref is given).",
        ToolSchema.ForArguments(
            ToolParameter.OfString("repository", "The repository, 'owner/name'."),
            ToolParameter.OfString("path", "The file's path in the repository, e.g. 'deploy/values.yaml'."),
            ToolParameter.OfString("ref", "A branch, tag or commit SHA; the default branch when omitted.", required: false)),
        ToolKind.Read);

    public async Task<ToolResult> InvokeAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var repository = GitHubRepository.Parse(invocation.Arguments.GetString("repository"));
        var path = GitHubFilePath.Parse(invocation.Arguments.GetString("path"));
        var reference = GitHubFilePath.ParseReference(invocation.Arguments.GetOptionalString("ref"));
        var subject = reference is null ? $"file {path} in {repository}" : $"file {path} in {repository} at {reference}";
        return await ReadToolGuard.RunAsync(
            async () => Summarise(repository, reference, subject, await reader.GetFileAsync(repository, path, reference, cancellationToken).ConfigureAwait(false)),
            exception => GitHubFailures.Describe(exception, subject, reader.BaseUrl),
            cancellationToken).ConfigureAwait(false);
    }

    private static ToolResult Summarise(GitHubRepository repository, string? reference, string subject, RepositoryContent? file)
    {
        // A directory is answered with an array, which Octokit reads as no object at all.
        if (file is null || file.Type.StringValue != "file")
        {
            return ToolResult.Failed($"GitHub: {subject} is {(file is null ? "a directory" : $"a {file.Type.StringValue}")}, not a file.");
        }

        // GitHub omits the content of files over 1 MB (encoding "none").
        if (file.Encoding != "base64" || file.EncodedContent is null)
        {
            return ToolResult.Failed($"GitHub: {subject} is too large to read through the API ({file.Size} bytes).");
        }

        string text;
        try
        {
            var bytes = Convert.FromBase64String(file.EncodedContent);
            text = Array.IndexOf(bytes, (byte)0) >= 0 ? throw new DecoderFallbackException() : s_strictUtf8.GetString(bytes);
        }
        catch (Exception exception) when (exception is DecoderFallbackException or FormatException)
        {
            return ToolResult.Failed($"GitHub: {subject} is a binary file ({file.Size} bytes); only text files can be read.");
        }

        return ToolJson.Content(new JsonObject
        {
            ["repository"] = repository.ToString(),
            ["path"] = file.Path,
            ["ref"] = reference,
            ["sha"] = file.Sha,
            ["size"] = file.Size,
            ["htmlUrl"] = file.HtmlUrl,
            ["content"] = TextCap.Apply(text, MaxContentChars),
        });
    }
}
