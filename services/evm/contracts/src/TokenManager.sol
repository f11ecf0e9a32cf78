// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {HokusaiToken} from "./HokusaiToken.sol";

/// @title TokenManager
/// @notice Deploys one HokusaiToken per model id at an address known before the transaction
/// is sent (CREATE2, salt = keccak256(modelId)), and is the controller of every token it
/// deploys: minting and burning go through it.
/// @dev A second deployment for the same model id reverts with TokenAlreadyDeployed, so a
/// resent or replayed deployment can never create a second token.
contract TokenManager is Ownable {
    /// @notice The model id is empty.
    error EmptyModelId();
    /// @notice A token was already deployed for this model id.
    error TokenAlreadyDeployed(string modelId, address token);
    /// @notice No token was deployed for this model id.
    error UnknownModel(string modelId);

    /// @notice The implementation every token is a clone of.
    address public immutable implementation;

    mapping(bytes32 modelKey => address token) private _tokens;

    /// @notice Emitted when the token of a model is deployed.
    event TokenDeployed(
        bytes32 indexed modelKey, address indexed token, string modelId, string name, string symbol
    );

    constructor(address initialOwner) Ownable(initialOwner) {
        implementation = address(new HokusaiToken());
    }

    /// @notice The CREATE2 salt of a model id.
    function modelKey(string calldata modelId) public pure returns (bytes32) {
        return keccak256(bytes(modelId));
    }

    /// @notice The address the token of `modelId` has (or will have once deployed).
    function predictAddress(string calldata modelId) external view returns (address) {
        return Clones.predictDeterministicAddress(implementation, modelKey(modelId));
    }

    /// @notice The token deployed for `modelId`, or the zero address.
    function tokenOf(string calldata modelId) external view returns (address) {
        return _tokens[modelKey(modelId)];
    }

    /// @notice Deploys the token of `modelId` and mints `initialSupply` to `initialHolder`
    /// (nothing when `initialSupply` is zero). Owner only; reverts for a known model id.
    function deployToken(
        string calldata modelId,
        string calldata name,
        string calldata symbol,
        address initialHolder,
        uint256 initialSupply
    ) external onlyOwner returns (address token) {
        if (bytes(modelId).length == 0) revert EmptyModelId();
        bytes32 key = modelKey(modelId);
        address existing = _tokens[key];
        if (existing != address(0)) revert TokenAlreadyDeployed(modelId, existing);
        token = Clones.cloneDeterministic(implementation, key);
        _tokens[key] = token;
        HokusaiToken(token).initialize(name, symbol, address(this));
        if (initialSupply != 0) HokusaiToken(token).mint(initialHolder, initialSupply);
        emit TokenDeployed(key, token, modelId, name, symbol);
    }

    /// @notice Mints `amount` of the token of `modelId` to `to`. Owner only.
    function mint(string calldata modelId, address to, uint256 amount) external onlyOwner {
        HokusaiToken(_mustToken(modelId)).mint(to, amount);
    }

    /// @notice Burns `amount` of the token of `modelId` from `from`. Owner only.
    function burnFrom(string calldata modelId, address from, uint256 amount) external onlyOwner {
        HokusaiToken(_mustToken(modelId)).burnFrom(from, amount);
    }

    function _mustToken(string calldata modelId) private view returns (address token) {
        token = _tokens[modelKey(modelId)];
        if (token == address(0)) revert UnknownModel(modelId);
    }
}
