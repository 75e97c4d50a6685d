using Ambient.Governance.Policies;

namespace Ambient.Governance.Tests.Policies;

public sealed class ToolNamesTests
{
    [Theory]
    [InlineData("github", "add_labels", "github.add_labels")]
    [InlineData("slack", "reply_in_thread", "slack.reply_in_thread")]
    [InlineData("kubernetes", "restart_workload", "kubernetes.restart_workload")]
    [InlineData("email", "incident_report", "notify.incident_report")]
    [InlineData("email", "send_email", "notify.send_email")]
    [InlineData("mcp:runbooks", "run_step", "runbooks.run_step")]
    [InlineData("mcp:k8s-ops", "drain", "k8s-ops.drain")]
    public void ForAction_MapsTheActionBackToTheToolTheAgentCalled(string target, string operation, string tool)
    {
        Assert.Equal(tool, ToolNames.ForAction(target, operation));
    }

    [Fact]
    public void ForAction_ActionOfAnEffectTool_IsDecidedLikeTheCall()
    {
        var set = PolicySet.From([PolicyReader.Read("policies/z.yaml", """
            name: z
            rules:
              - name: runbooks-need-approval
                match: {tools: ['runbooks.*']}
                decision: approve
                approvers: [oncall]
            """)]);
        var input = Support.Calls.Of(ToolNames.ForAction("mcp:runbooks", "run_step"), target: "mcp:runbooks");

        Assert.Equal(PolicyVerdict.Approve, set.Evaluate(input).Verdict);
    }
}
