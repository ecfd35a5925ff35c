using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Communication.Data;

internal sealed class CommunicationDb(Database database, UnitOfWork unitOfWork, OutboxSignal signal) : ModuleDb(database, unitOfWork, signal)
{
    public const string Name = "communication";
    public override string Schema => Name;
}
