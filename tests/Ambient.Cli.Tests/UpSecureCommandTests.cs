using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient up --secure</c> as a user runs it: SASL and the ACLs of strimzi/common/users.yaml and of each worker's user
/// derived from its agent file (as the Agent operator derives it), each component as its own KafkaUser, and the
/// operator's credentials file for the CLI.
/// </summary>
public sealed class UpSecureCommandTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    [UnsupportedOSPlatform("windows")] // file modes; AmbientProcess's SIGTERM is Unix-only too
    public async Task UpSecure_SignedGitHubWebhook_TriagedUnderOwnUsersAndOnlyTheOperatorsCredentialsListRuns()
    {
        var workDirectory = CreateWorkDirectory("cli-up-secure", AgentFiles());
        var body = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "github-issue-opened.json"), TestContext.Current.CancellationToken);
        var bootstrap = $"127.0.0.1:{FreePort()}";
        var httpPort = FreePort();
        using var up = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--secure", "--listen", bootstrap, "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), "--console-port", FreePort().ToString(CultureInfo.InvariantCulture));
        await up.WaitUntilReadyAsync();
        var secret = Regex.Match(up.Output, @"GitHub webhook secret\s+(dev-[0-9a-f]+)").Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        await Eventually.UntilAsync(() => http.GetAsync("/readyz").GetAwaiter().GetResult().IsSuccessStatusCode, TestContext.Current.CancellationToken);

        using var response = await http.SendAsync(SignedIssueWebhook(body, secret), TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(() => up.Output.Contains("on com.github.issues.opened: completed, 3 actions", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var run = Regex.Match(up.Output, @"github-triage (github-triage-[0-9a-f]{16}) on com\.github\.issues\.opened").Groups[1].Value;
        var credentials = Path.Combine(workDirectory, ".ambient", "credentials");
        var operatorEnvironment = ReadEnvironmentFile(Path.Combine(credentials, "ambient-operator.env"));
        var (listed, list) = await RunAsync(operatorEnvironment, workDirectory, "runs", "list", "--agent", "github-triage");
        var (refused, refusal) = await RunAsync(new Dictionary<string, string>(), workDirectory, "runs", "list", "--bootstrap", bootstrap, "--timeout-ms", "3000");
        var exitCode = await up.TerminateAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(listed == 0, $"runs list as ambient-operator exited with {listed}:\n{list}\nambient up:\n{up.Output}");
        Assert.Matches($@"{run}\s+succeeded", list);
        Assert.NotEqual(0, refused);
        Assert.DoesNotContain(run, refusal, StringComparison.Ordinal);
        Assert.Contains("If it requires SASL (`ambient up --secure`)", refusal, StringComparison.Ordinal);
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(credentials, "scram-credentials.txt")));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(credentials, "ambient-operator.env")));
        Assert.Equal("ambient-operator", operatorEnvironment["Ambient__Kafka__Consumer__sasl.username"]);
        Assert.Contains("security SASL_PLAINTEXT, SCRAM-SHA-512, ACLs from " + Path.Combine(workDirectory, "strimzi", "common", "users.yaml"), up.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(credentials, "scram-credentials.txt"), up.Output, StringComparison.Ordinal);
        Assert.Contains("authenticated as ambient-worker-github-triage", up.Output, StringComparison.Ordinal);
        Assert.Contains("authenticated as ambient-gateway", up.Output, StringComparison.Ordinal);
        Assert.True(exitCode == 0, $"ambient up exited with {exitCode}:\n{up.Output}");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")] // AmbientProcess's SIGTERM is Unix-only
    public async Task UpSecure_NewAgent_RunsAsTheUserDerivedFromItsFile()
    {
        var triage = await File.ReadAllTextAsync(AgentFiles()[0], TestContext.Current.CancellationToken);
        var workDirectory = CreateWorkDirectory("cli-up-secure-unknown", AgentFiles());
        await File.WriteAllTextAsync(Path.Combine(workDirectory, "agents", "release-notes.yaml"),
            triage.Replace("name: github-triage", "name: release-notes", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        using var up = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--secure", "--listen", $"127.0.0.1:{FreePort()}", "--http-port", FreePort().ToString(CultureInfo.InvariantCulture), "--console-port", "0");
        await up.WaitUntilReadyAsync();
        var users = await File.ReadAllTextAsync(Path.Combine(workDirectory, ".ambient", "credentials", "kafka-users.yaml"), TestContext.Current.CancellationToken);
        var exitCode = await up.TerminateAsync();

        Assert.DoesNotContain("name: ambient-worker-", await File.ReadAllTextAsync(Path.Combine(workDirectory, "strimzi", "common", "users.yaml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("  name: ambient-worker-release-notes\n", users, StringComparison.Ordinal);
        Assert.Contains("authenticated as ambient-worker-release-notes", up.Output, StringComparison.Ordinal);
        Assert.True(exitCode == 0, $"ambient up exited with {exitCode}:\n{up.Output}");
    }

    [Fact]
    public async Task UpSecure_NoUsersFile_ExitsAskingForUsers()
    {
        var workDirectory = TestDirectories.Create("cli-up-secure-no-users");

        using var up = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "up", "--secure", "--listen", $"127.0.0.1:{FreePort()}");
        var exitCode = await up.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains(Path.Combine(workDirectory, "strimzi", "common", "users.yaml") + " does not exist; pass --users FILE", up.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(workDirectory, ".ambient", "broker")), "no broker should have started");
    }

    private static string[] AgentFiles() => [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "agents")).Order(StringComparer.Ordinal)];

    /// <summary>A directory laid out as the repository is: agents/ and strimzi/common/users.yaml.</summary>
    private static string CreateWorkDirectory(string name, IEnumerable<string> agentFiles)
    {
        var workDirectory = TestDirectories.Create(name);
        Directory.CreateDirectory(Path.Combine(workDirectory, "agents"));
        foreach (var file in agentFiles)
        {
            File.Copy(file, Path.Combine(workDirectory, "agents", Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Path.Combine(workDirectory, "strimzi", "common"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "strimzi", "common", "users.yaml"), Path.Combine(workDirectory, "strimzi", "common", "users.yaml"));
        return workDirectory;
    }

    private static HttpRequestMessage SignedIssueWebhook(byte[] body, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return request;
    }

    /// <summary>NAME=value lines, as <c>env $(cat FILE)</c> reads them.</summary>
    private static Dictionary<string, string> ReadEnvironmentFile(string path) =>
        File.ReadAllLines(path).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] arguments)
    {
        using var ambient = AmbientProcess.Start(environment, workingDirectory, "\0never", arguments);
        var exitCode = await ambient.WaitForExitAsync();
        return (exitCode, ambient.Output);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
