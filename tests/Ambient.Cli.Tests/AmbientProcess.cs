using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary>The real <c>ambient</c> command run as a child process, with its output captured, ready once it printed a marker.</summary>
internal sealed class AmbientProcess(DotnetProcess process, string readyMarker) : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);

    public string Output => process.Output;

    /// <summary>Its stdout alone.</summary>
    public string StandardOutput => process.StandardOutput;

    public static AmbientProcess Start(string workingDirectory, string readyMarker, params string[] arguments) =>
        Start(new Dictionary<string, string>(), workingDirectory, readyMarker, arguments);

    /// <summary>As above, with more environment variables (e.g. the gateway's secrets).</summary>
    public static AmbientProcess Start(IReadOnlyDictionary<string, string> environment, string workingDirectory, string readyMarker, params string[] arguments) =>
        new(DotnetProcess.Start("ambient.dll", environment, arguments, workingDirectory), readyMarker);

    /// <summary>Waits until the process printed the ready marker (or exited, which fails the wait).</summary>
    public Task WaitUntilReadyAsync() => process.WaitForOutputAsync(readyMarker, s_limit);

    /// <summary>Sends SIGTERM, as Kubernetes and systemd do, and returns the exit code.</summary>
    public Task<int> TerminateAsync() => process.StopAsync();

    public async Task<int> WaitForExitAsync()
    {
        await process.WaitForExitAsync(s_limit);
        return process.ExitCode;
    }

    public void Dispose() => process.Dispose();
}
