// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title ModelRegistry
/// @notice Records which token belongs to which model, with the metric the model improved.
/// Registration is owner-only and once per model id and per token.
contract ModelRegistry is Ownable {
    /// @notice The model id is empty.
    error EmptyModelId();
    /// @notice The token is the zero address.
    error ZeroToken();
    /// @notice The model id is already registered, to `token`.
    error ModelAlreadyRegistered(string modelId, address token);
    /// @notice The token is already registered, for `modelId`.
    error TokenAlreadyRegistered(address token, string modelId);

    /// @notice A registry entry.
    struct Model {
        address token;
        uint64 registeredAt; // block timestamp
        string performanceMetric;
    }

    mapping(bytes32 modelKey => Model) private _models;
    mapping(address token => string modelId) private _modelIds;

    /// @notice Emitted when a model is registered.
    event ModelRegistered(
        bytes32 indexed modelKey, address indexed token, string modelId, string performanceMetric
    );

    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @notice Registers `token` as the token of `modelId`. Owner only; reverts when either
    /// the model id or the token is already registered.
    function registerModel(string calldata modelId, address token, string calldata performanceMetric)
        external
        onlyOwner
    {
        if (bytes(modelId).length == 0) revert EmptyModelId();
        if (token == address(0)) revert ZeroToken();
        bytes32 key = keccak256(bytes(modelId));
        Model storage m = _models[key];
        if (m.token != address(0)) revert ModelAlreadyRegistered(modelId, m.token);
        if (bytes(_modelIds[token]).length != 0) revert TokenAlreadyRegistered(token, _modelIds[token]);
        m.token = token;
        m.registeredAt = uint64(block.timestamp);
        m.performanceMetric = performanceMetric;
        _modelIds[token] = modelId;
        emit ModelRegistered(key, token, modelId, performanceMetric);
    }

    /// @notice The registry entry of `modelId` (token zero when not registered).
    function getModel(string calldata modelId) external view returns (Model memory) {
        return _models[keccak256(bytes(modelId))];
    }

    /// @notice The token of `modelId`, or the zero address.
    function tokenOf(string calldata modelId) external view returns (address) {
        return _models[keccak256(bytes(modelId))].token;
    }

    /// @notice The model id of `token`, or the empty string.
    function modelOf(address token) external view returns (string memory) {
        return _modelIds[token];
    }

    /// @notice Whether `modelId` is registered.
    function isRegistered(string calldata modelId) external view returns (bool) {
        return _models[keccak256(bytes(modelId))].token != address(0);
    }
}
