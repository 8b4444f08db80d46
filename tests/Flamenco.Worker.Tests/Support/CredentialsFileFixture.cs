using Flamenco.Worker.ManagerApi;
using Flamenco.Worker.Registration;

namespace Flamenco.Worker.Tests.Support;

/// <summary>Puts a registered worker's credentials where a rig's worker looks for them.</summary>
internal sealed class CredentialsFileFixture(WorkerRig rig)
{
    public static readonly WorkerCredentials Stored = new("0f0f0f0f-0000-4000-8000-000000000001", "stored-secret");

    public void SaveCredentials()
    {
        new CredentialsFile(rig.Settings.CredentialsPath, rig.Time).Save(Stored);
        rig.Manager.Credentials.Current = Stored;
    }
}
