using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ambient.Testing;

/// <summary>
/// One of Ambient's hosts as a separate process (<c>dotnet Ambient.X.dll</c>, built next to the tests), configured by
/// environment variables as a container is, so a test can stop it as Kubernetes does or kill it for real.
/// </summary>
public sealed partial class DotnetProcess : IDisposable, IAsyncDisposable
{
    private const int Sigterm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();

    private DotnetProcess(Process process)
    {
        _process = process;
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_output)
                {
                    _standardOutput.AppendLine(e.Data);
                }
            }
        };
    }

    /// <summary>What the process wrote to stdout alone so far (a command's result, without its messages on stderr).</summary>
    public string StandardOutput
    {
        get
        {
            lock (_output)
            {
                return _standardOutput.ToString();
            }
        }
    }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
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

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="assembly"/> (a file name in the test's output folder) with these environment variables,
    /// command-line <paramref name="arguments"/>, in <paramref name="workingDirectory"/> (default: the test's output folder).
    /// </summary>
    public static DotnetProcess Start(string assembly, IEnumerable<KeyValuePair<string, string>> environment, IEnumerable<string>? arguments = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new DotnetProcess(new Process { StartInfo = info });
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Configuration keys as environment variable names (<c>Ambient:Kafka:X</c> becomes <c>Ambient__Kafka__X</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> AsEnvironment(IEnumerable<KeyValuePair<string, string>> settings) =>
        settings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value));

    /// <summary>Waits for the exit, and for the rest of its output to be read.</summary>
    public async Task WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The process did not exit within {limit.TotalSeconds} s. Its output:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected output
    }

    /// <summary>Waits until the process printed <paramref name="marker"/>.</summary>
    /// <exception cref="InvalidOperationException">The process exited first; the message holds its exit code and output.</exception>
    public async Task WaitForOutputAsync(string marker, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (!Output.Contains(marker, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                if (Output.Contains(marker, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"The process exited with {_process.ExitCode} before printing '{marker}':\n{Output}");
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The process did not print '{marker}' within {limit.TotalSeconds} s. Its output:\n{Output}");
            }
        }
    }

    /// <summary>SIGTERM, as Kubernetes sends, then waits for the exit and returns its code.</summary>
    public async Task<int> StopAsync()
    {
        if (_process.HasExited)
        {
            return _process.ExitCode;
        }

        if (Kill(_process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a node dies or the OOM killer strikes.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
