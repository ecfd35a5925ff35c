using Recovery.BuildingBlocks.Data;
using Recovery.BuildingBlocks.Messaging;

namespace Recovery.Platform.Data;

internal sealed class PlatformDb(Database database, UnitOfWork unitOfWork, OutboxSignal signal) : ModuleDb(database, unitOfWork, signal)
{
    public const string Name = "platform";
    public override string Schema => Name;
}
