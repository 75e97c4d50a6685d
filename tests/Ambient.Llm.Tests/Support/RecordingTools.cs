using System.Collections.Concurrent;
using Microsoft.SemanticKernel;

namespace Ambient.Llm.Tests.Support;

/// <summary>
/// Real kernel functions with typed parameters, as Ambient's tool plugins have, that record each call:
/// <c>github.add_labels(int issueNumber, string[] labels)</c>, <c>github.comment(long issueNumber, string body)</c>,
/// <c>slack.post_message(string channel, string text, bool urgent = false)</c>.
/// </summary>
internal sealed class RecordingTools
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public static string Describe(params object?[] values) => string.Join(
        "|",
        values.Select(value => value is string[] items ? $"[{string.Join(",", items)}]" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));

    public Kernel CreateKernel()
    {
        var kernel = new Kernel();
        kernel.Plugins.AddFromFunctions("github",
        [
            KernelFunctionFactory.CreateFromMethod(
                (int issueNumber, string[] labels) => Record("github.add_labels", issueNumber, labels),
                "add_labels",
                "Adds labels to an issue."),
            KernelFunctionFactory.CreateFromMethod(
                (long issueNumber, string body) => Record("github.comment", issueNumber, body),
                "comment",
                "Comments on an issue."),
        ]);
        kernel.Plugins.AddFromFunctions("slack",
        [
            KernelFunctionFactory.CreateFromMethod(
                (string channel, string text, bool urgent = false) => Record("slack.post_message", channel, text, urgent),
                "post_message",
                "Posts to a channel."),
        ]);
        return kernel;
    }

    private string Record(string tool, params object?[] values)
    {
        var call = $"{tool}({Describe(values)})";
        Calls.Enqueue(call);
        return $"ok: {call}";
    }
}
