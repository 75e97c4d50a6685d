using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ambient.Cli.Tests;

/// <summary>The real <c>ambient</c> command run as a child process, with its output captured.</summary>
internal sealed partial class AmbientProcess : IDisposable
{
    private const int Sigterm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AmbientProcess(Process process, string readyMarker)
    {
        _process = process;
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data.Contains(readyMarker, StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static AmbientProcess Start(string workingDirectory, string readyMarker, params string[] arguments) =>
        Start(new Dictionary<string, string>(), workingDirectory, readyMarker, arguments);

    /// <summary>As above, with more environment variables (e.g. the gateway's secrets).</summary>
    public static AmbientProcess Start(IReadOnlyDictionary<string, string> environment, string workingDirectory, string readyMarker, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ambient.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var ambient = new AmbientProcess(process, readyMarker);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return ambient;
    }

    /// <summary>Waits until the process printed the ready marker (or exited, which fails the wait).</summary>
    public async Task WaitUntilReadyAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
        if (first != _ready.Task)
        {
            throw new InvalidOperationException($"ambient exited with {_process.ExitCode} before it was ready:\n{Output}");
        }
    }

    /// <summary>Sends SIGTERM, as Kubernetes and systemd do, and returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        if (Kill(_process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        return await WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
