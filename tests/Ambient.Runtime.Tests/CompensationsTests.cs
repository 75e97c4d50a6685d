using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Checkpoints;
using Ambient.Runtime.Tools;

namespace Ambient.Runtime.Tests;

/// <summary>What a rollback proposes to undo each action: the executor applies these with what the original created.</summary>
public sealed class CompensationsTests
{
    private static CheckpointAction Action(string target, string operation, object arguments) =>
        new("run-1/act/0", target, operation, JsonSerializer.SerializeToElement(arguments));

    [Fact]
    public void Scale_IsUndoneByUndoScaleNamingTheWorkloadAndTheAction()
    {
        var undo = Compensations.For(Action(ActionTargets.Kubernetes, "scale_workload",
            new { @namespace = "prod-payments", kind = "Deployment", name = "api", replicas = 5, reason = "load" }));

        Assert.NotNull(undo);
        Assert.Equal("undo_scale", undo.Value.Operation);
        Assert.Equal("""{"namespace":"prod-payments","kind":"Deployment","name":"api","actionId":"run-1/act/0"}""", undo.Value.Arguments.ToJsonString());
    }

    [Fact]
    public void Comment_IsUndoneByDeletingTheCommentTheActionCreated()
    {
        var undo = Compensations.For(Action(ActionTargets.GitHub, "comment", new { repository = "octo/app", issueNumber = 7, body = "hi" }));

        Assert.Equal("delete_comment", undo!.Value.Operation);
        Assert.Equal("""{"repository":"octo/app","issueNumber":7,"actionId":"run-1/act/0"}""", undo.Value.Arguments.ToJsonString());
    }

    [Theory]
    [InlineData(ActionTargets.Kubernetes, "restart_workload")]
    [InlineData(ActionTargets.Email, "incident_report")]
    public void ARestartOrASentReport_CannotBeUndone(string target, string operation) =>
        Assert.Null(Compensations.For(Action(target, operation, new { })));
}
