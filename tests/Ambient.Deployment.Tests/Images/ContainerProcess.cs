using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Ambient.Testing;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// A container run here as a process: the image's ENTRYPOINT started in its WORKDIR by a <c>dotnet</c> that has only
/// the base image's frameworks, with nothing of this machine's environment but PATH, and the base image's, the
/// Dockerfile's and the service's variables in that order (later wins, as in a container). Absolute paths in variables
/// point into the image's file tree or a mount.
/// </summary>
internal sealed partial class ContainerProcess : IAsyncDisposable
{
    private const int Sigterm = 15;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ContainerProcess(ContainerSpec spec, Process process)
    {
        Spec = spec;
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
    }

    public ContainerSpec Spec { get; }

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

    public static async Task<ContainerProcess> StartAsync(ContainerSpec spec)
    {
        var image = await ImageBuild.OfAsync(spec.Dockerfile);
        var dockerfile = image.Dockerfile;
        if (dockerfile.Entrypoint[0] != "dotnet")
        {
            throw new InvalidDataException($"{dockerfile.RelativePath}: ENTRYPOINT {dockerfile.Entrypoint[0]} cannot be run here; only \"dotnet\" is.");
        }

        var info = new ProcessStartInfo(ImageRuntime.Dotnet(dockerfile.BaseImage))
        {
            WorkingDirectory = image.PathOf(dockerfile.WorkingDirectory),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in dockerfile.Entrypoint.Skip(1).Concat(spec.Arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment["HOME"] = TestDirectories.Create("container-home");
        foreach (var (name, value) in ImageRuntime.Environment(dockerfile.BaseImage).Concat(dockerfile.Environment).Concat(spec.Environment))
        {
            info.Environment[name] = Localize(value, image, spec.Mounts);
        }

        var process = new Process { StartInfo = info };
        var container = new ContainerProcess(spec, process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return container;
    }

    /// <summary>Waits until the liveness and then the readiness probe answer 200; fails with the output if the process exits first.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellation)
    {
        var port = Spec.HttpPort ?? throw new InvalidOperationException($"{Spec.Name} serves no probes.");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        foreach (var path in new[] { Spec.LivenessPath, Spec.ReadinessPath })
        {
            var last = "";
            var waited = Stopwatch.StartNew();
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Spec.Name} exited with {_process.ExitCode} before {path} answered 200:\n{Output}");
                }

                if (waited.Elapsed > Eventually.Limit)
                {
                    throw new TimeoutException($"{Spec.Name}: {path} did not answer 200 within {Eventually.Limit.TotalSeconds} s (last: {last}):\n{Output}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellation);
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}";
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message;
                }
                catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    last = "no answer within 5 s";
                }

                await Task.Delay(200, cancellation);
            }
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Eventually.Limit);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as docker stop and the kubelet send, then the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited && Kill(_process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        return await WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>An absolute path inside the container becomes the mount or image file it names here.</summary>
    private static string Localize(string value, ImageBuild image, IReadOnlyDictionary<string, string> mounts)
    {
        if (!value.StartsWith('/'))
        {
            return value;
        }

        var mount = mounts.Keys.Where(m => value == m || value.StartsWith(m + "/", StringComparison.Ordinal)).MaxBy(m => m.Length);
        return mount is not null ? mounts[mount] + value[mount.Length..] : image.PathOf(value);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
