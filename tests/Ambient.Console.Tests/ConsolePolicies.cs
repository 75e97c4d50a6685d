namespace Ambient.Supervisor.Tests;

/// <summary>The policy the console's tests park runs with: the sample triage agent's pull request plans wait for an approver.</summary>
internal static class ConsolePolicies
{
    public static string PlansNeedAMaintainer(string approver) => $$"""
        name: plans-need-a-maintainer
        description: Pull request plans wait for a maintainer.
        rules:
          - name: plans
            match: {tools: [github.propose_pull_request_plan]}
            decision: approve
            approvers: [{{approver}}]
            expiresIn: 1h
            reason: "A maintainer decides on pull request plans."
        """;
}
