using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Portal.Data;

internal sealed class PortalDb(Database database, UnitOfWork unitOfWork, OutboxSignal signal) : ModuleDb(database, unitOfWork, signal)
{
    public const string Name = "portal";
    public override string Schema => Name;
}
