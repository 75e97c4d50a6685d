using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace Ambient.Runtime.Tools;

/// <summary>
/// The <c>a2a</c> plugin: hands work to another agent over A2A. The call does not wait: the runtime checkpoints
/// a <c>delegate</c> step, sends the request and parks the run; the other agent's answer becomes this call's result.
/// </summary>
internal sealed class A2aTools
{
    [KernelFunction("delegate"), Description("Ask another agent to handle something; its answer comes back as this tool's result.")]
    public static string Delegate(Kernel kernel,
        [Description("the agent to ask, e.g. incident-responder")] string agent,
        [Description("what to ask, with the context it needs")] string message)
    {
        var scope = RunScope.From(kernel);
        scope.Delegate(agent, message);
        return $"Asked {agent}; waiting for its answer.";
    }
}
