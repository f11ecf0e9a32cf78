// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title HokusaiToken
/// @notice The ERC-20 token of one model. Its controller (the TokenManager that created it)
/// alone mints and burns from any holder; holders may burn their own balance.
/// @dev Deployed as an EIP-1167 minimal clone of one implementation, so a deployment costs a
/// few storage writes instead of the whole ERC-20 bytecode. Clones skip the constructor;
/// `initialize` sets name, symbol and controller once, in the same transaction as the clone.
contract HokusaiToken is ERC20 {
    /// @notice The caller is not the controller.
    error NotController(address caller);
    /// @notice `initialize` was called on a token that already has a controller.
    error AlreadyInitialized();
    /// @notice The controller given to `initialize` is the zero address.
    error ZeroController();

    string private _tokenName;
    string private _tokenSymbol;
    address private _controller;

    /// @notice Emitted once, when the token gets its name, symbol and controller.
    event Initialized(address indexed controller, string name, string symbol);

    constructor() ERC20("", "") {
        // The implementation itself is never used as a token: give it a controller so that
        // nobody can initialize it.
        _controller = address(this);
    }

    /// @notice Sets the token's name, symbol and controller; callable once.
    function initialize(string calldata name_, string calldata symbol_, address controller_) external {
        if (_controller != address(0)) revert AlreadyInitialized();
        if (controller_ == address(0)) revert ZeroController();
        _tokenName = name_;
        _tokenSymbol = symbol_;
        _controller = controller_;
        emit Initialized(controller_, name_, symbol_);
    }

    modifier onlyController() {
        if (msg.sender != _controller) revert NotController(msg.sender);
        _;
    }

    /// @notice The only account allowed to mint and to burn from others.
    function controller() external view returns (address) {
        return _controller;
    }

    function name() public view override returns (string memory) {
        return _tokenName;
    }

    function symbol() public view override returns (string memory) {
        return _tokenSymbol;
    }

    /// @notice Creates `amount` tokens for `to`. Controller only.
    function mint(address to, uint256 amount) external onlyController {
        _mint(to, amount);
    }

    /// @notice Destroys `amount` of `from`'s tokens without an allowance. Controller only.
    function burnFrom(address from, uint256 amount) external onlyController {
        _burn(from, amount);
    }

    /// @notice Destroys `amount` of the caller's own tokens.
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }
}
